package dev.rustmq.storage.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.log.LogAppendResult;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded simulation of one broker's storage with tiering: random appends across partitions,
 * clock moves, seal checks, uploads completed or failed in random order, a topic deleted and
 * re-created, restarts (WAL, metadata and objects kept). After every step: the WAL was never trimmed past a batch not in its
 * partition's manifest, and acknowledged batches read back byte for byte (a sample each step,
 * all of them every 100 steps and at the end). At the end the store heals and everything uploads.
 */
class WalTrimSimulationTest {
    private static final int STEPS = 1_500;
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("a", 0),
            new TopicPartition("a", 1), new TopicPartition("b", 0), new TopicPartition("c", 7));

    /** An acknowledged batch: its offsets, bytes as stored, and WAL offset. */
    record Acked(TopicPartition tp, long base, long last, byte[] bytes, long walOffset) {
    }

    private static final TierOptions OPTIONS = new TierOptions(4_096, 1_000, 3, 3_600_000, 0.6, 1, 20, 2_048,
            1L << 20);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theWalIsNeverTrimmedPastUnuploadedDataAndEveryAcknowledgedBatchStaysReadable(long seed) {
        Random random = new Random(seed);
        MockTime time = new MockTime();
        MemoryWriteAheadLog wal = new MemoryWriteAheadLog(48 << 10);
        MetadataStore metadata = new MemoryMetadataStore();
        TierFixtures.createTopics(metadata, PARTITIONS);
        ControlledObjectStore store = new ControlledObjectStore();
        TierHarness h = new TierHarness(OPTIONS, wal, metadata, store, 8 << 10, time);
        List<Acked> acked = new ArrayList<>();
        int epoch = 0;
        int walFull = 0;
        int restarts = 0;
        int deletes = 0;
        try {
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(100);
                if (action < 45) {
                    TopicPartition tp = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
                    Acked a = append(h, tp, random, epoch, step);
                    if (a == null) {
                        walFull++;
                    } else {
                        acked.add(a);
                    }
                } else if (action < 55) {
                    time.sleep(random.nextInt(600));
                } else if (action < 70) {
                    h.check();
                } else if (action < 92) {
                    List<ControlledObjectStore.PendingPut> pending = store.pending();
                    if (!pending.isEmpty()) {
                        pending.get(random.nextInt(pending.size())).outcome().complete(random.nextInt(4) != 0);
                    }
                } else if (action < 93 && wal.capacityBytes() - wal.sizeBytes() > 1_024) {
                    // Topic b is deleted and created again (when the WAL has room for the tombstone): its
                    // data goes, and nothing of it may come back.
                    TopicPartition b = new TopicPartition("b", 0);
                    metadata.deleteTopic("b");
                    h.logs.deletePartition(b).join();
                    acked.removeIf(a -> a.tp().equals(b));
                    TierFixtures.createTopics(metadata, List.of(b));
                    deletes++;
                } else if (action < 95) {
                    h.close();
                    epoch++;
                    restarts++;
                    h = new TierHarness(OPTIONS, wal, metadata, store, 8 << 10, time);
                }
                checkTrim(h, wal, acked);
                checkReads(h, acked, step % 100 == 0 ? acked.size() : 10, random);
            }

            store.releaseAll();
            time.sleep(OPTIONS.uploadIntervalMs());
            TierHarness last = h;
            last.advanceUntil(OPTIONS.maxRetryBackoffMs(), () -> {
                last.check();
                return wal.startOffset() == wal.endOffset();
            });
            checkTrim(h, wal, acked);
            checkReads(h, acked, acked.size(), random);
            checkObjects(metadata, store, acked);
            for (TopicPartition tp : PARTITIONS) {
                long end = acked.stream().filter(a -> a.tp().equals(tp)).mapToLong(a -> a.last() + 1).max().orElse(0);
                assertThat(h.uploadedEnd(tp)).as("everything of %s uploaded", tp).isEqualTo(end);
            }
            assertThat(h.tier.stats().trimRefusals()).isZero();
            assertThat(acked).as("seed %d appended", seed).hasSizeGreaterThan(300);
            assertThat(walFull + restarts).as("the run met a full WAL or restarts").isPositive();
            assertThat(deletes).isPositive();
        } finally {
            store.releaseAll();
            h.close();
        }
    }

    private static Acked append(TierHarness h, TopicPartition tp, Random random, int epoch, int step) {
        ByteBuffer batch = TierFixtures.producerBatch(tp + "-" + step, 1 + random.nextInt(5), random.nextInt(300));
        long walOffset = h.wal.endOffset(); // the in-memory WAL appends at its end, at once
        LogAppendResult result;
        try {
            result = h.logs.append(tp, batch.duplicate(), epoch).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(RustMqException.class,
                    r -> assertThat(r.code()).isEqualTo(ErrorCode.WAL_FULL));
            return null;
        }
        ByteBuffer stored = ByteBuffer.wrap(TierFixtures.bytes(batch));
        RecordBatch b = RecordBatch.wrap(stored);
        b.setBaseOffset(result.baseOffset());
        b.setLeaderEpoch(epoch);
        return new Acked(tp, result.baseOffset(), result.lastOffset(), stored.array(), walOffset);
    }

    /** Nothing below the WAL's start is missing from its manifest. Start read first: trims follow commits. */
    private static void checkTrim(TierHarness h, MemoryWriteAheadLog wal, List<Acked> acked) {
        long walStart = wal.startOffset();
        Map<TopicPartition, Long> uploaded = new HashMap<>();
        for (TopicPartition tp : PARTITIONS) {
            uploaded.put(tp, h.uploadedEnd(tp));
        }
        for (Acked a : acked) {
            if (a.walOffset() < walStart) {
                assertThat(a.last()).as("%s batch %d..%d at WAL offset %d was trimmed (WAL starts at %d) but is not"
                        + " in the manifest", a.tp(), a.base(), a.last(), a.walOffset(), walStart)
                        .isLessThan(uploaded.get(a.tp()));
            }
        }
    }

    private static void checkReads(TierHarness h, List<Acked> acked, int count, Random random) {
        for (int i = 0; i < Math.min(count, acked.size()); i++) {
            Acked a = count >= acked.size() ? acked.get(i) : acked.get(random.nextInt(acked.size()));
            List<ByteBuffer> read = h.logs.read(a.tp(), a.base(), 1).batches();
            assertThat(read).as("read of %s at %d", a.tp(), a.base()).isNotEmpty();
            assertThat(TierFixtures.bytes(read.get(0))).as("%s batch at %d", a.tp(), a.base()).isEqualTo(a.bytes());
        }
    }

    /** Each manifest's objects hold exactly the acknowledged batches of their range. */
    private static void checkObjects(MetadataStore metadata, ControlledObjectStore store, List<Acked> acked) {
        for (TopicPartition tp : PARTITIONS) {
            PartitionManifest m = metadata.manifest(tp.topic(), tp.partition()).orElse(null);
            if (m == null) {
                continue;
            }
            Map<Long, byte[]> byBase = new HashMap<>();
            acked.stream().filter(a -> a.tp().equals(tp)).forEach(a -> byBase.put(a.base(), a.bytes()));
            long next = m.logStartOffset();
            for (SegmentMetadata s : m.segments()) {
                assertThat(s.baseOffset()).isEqualTo(next);
                for (ByteBuffer b : SegmentBatches.decode(s.key(), store.objects.get(s.key())).batches()) {
                    long base = RecordBatch.wrap(b.duplicate()).baseOffset();
                    assertThat(TierFixtures.bytes(b)).isEqualTo(byBase.get(base));
                }
                next = s.lastOffset() + 1;
            }
        }
    }
}
