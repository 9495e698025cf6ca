package dev.rustmq.storage.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.log.LogAppendResult;
import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded simulation of retention beside tiering: random appends with random record ages, clock
 * moves, seal checks, uploads completed or failed in random order, retention passes, policy
 * changes (time, size, unlimited), a topic deleted and re-created, restarts. After every step:
 * every object a manifest names exists; each partition log starts where its manifest does; every
 * acknowledged batch at or above the log start reads back byte for byte and below it is
 * OFFSET_OUT_OF_RANGE; a time pass dropped only expired batches and a size pass kept at least
 * {@code retention_bytes}. At the end everything uploads and a last pass leaves exactly the
 * objects the manifests name, each policy applied as far as it goes.
 */
class RetentionSimulationTest {
    private static final int STEPS = 1_000;
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("a", 0),
            new TopicPartition("a", 1), new TopicPartition("b", 0));
    /** No retention pass on the schedule: the simulation runs each one itself, so it knows what expired. */
    private static final long ONLY_OUR_PASSES_MS = Duration.ofDays(365).toMillis();
    private static final TierOptions OPTIONS = new TierOptions(2_048, 1_000, 3, 3_600_000, 0.6, 1, 20, 2_048,
            1L << 20);
    private static final long HOUR = 3_600_000;

    /** An acknowledged batch: its offsets, bytes as stored and record timestamp. */
    record Acked(TopicPartition tp, long base, long last, byte[] bytes, long timestamp) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void retentionDeletesOnlyWhatItsPolicyAllowsAndNeverAnObjectALogUses(long seed) {
        Random random = new Random(seed);
        MockTime time = new MockTime();
        MemoryWriteAheadLog wal = new MemoryWriteAheadLog(256 << 10);
        MetadataStore metadata = new MemoryMetadataStore();
        TierFixtures.createTopics(metadata, PARTITIONS);
        ControlledObjectStore store = new ControlledObjectStore();
        TierHarness h = new TierHarness(OPTIONS, wal, metadata, store, 8 << 10, time, 5_000, ONLY_OUR_PASSES_MS);
        List<Acked> acked = new ArrayList<>();
        List<Acked> expired = new ArrayList<>();
        int passes = 0;
        int restarts = 0;
        try {
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(100);
                if (action < 40) {
                    TopicPartition tp = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
                    Acked a = append(h, tp, random, time.milliseconds() - random.nextLong(2 * HOUR), step);
                    if (a != null) {
                        acked.add(a);
                    }
                } else if (action < 50) {
                    time.sleep(random.nextInt(600_000));
                } else if (action < 62) {
                    h.check();
                } else if (action < 82) {
                    List<ControlledObjectStore.PendingPut> pending = store.pending();
                    if (!pending.isEmpty()) {
                        pending.get(random.nextInt(pending.size())).outcome().complete(random.nextInt(4) != 0);
                    }
                } else if (action < 90) {
                    pass(h, metadata, time, acked, expired);
                    passes++;
                } else if (action < 96) {
                    String topic = random.nextBoolean() ? "a" : "b";
                    setPolicy(metadata, topic, randomPolicy(random));
                } else if (action < 97) {
                    TopicPartition b = new TopicPartition("b", 0);
                    metadata.deleteTopic("b");
                    h.logs.deletePartition(b).join();
                    h.tier.topicDeleted("b").join();
                    acked.removeIf(a -> a.tp().equals(b));
                    expired.removeIf(a -> a.tp().equals(b));
                    TierFixtures.createTopics(metadata, List.of(b));
                } else if (action < 99) {
                    h.close();
                    restarts++;
                    h = new TierHarness(OPTIONS, wal, metadata, store, 8 << 10, time, 5_000, ONLY_OUR_PASSES_MS);
                }
                checkInvariants(h, metadata, store, acked, expired, step % 100 == 0 ? acked.size() : 10, random);
            }

            store.autoSucceed = true;
            store.releaseAll();
            time.sleep(OPTIONS.uploadIntervalMs());
            TierHarness last = h;
            last.advanceUntil(OPTIONS.maxRetryBackoffMs(), () -> {
                last.check();
                return PARTITIONS.stream().allMatch(tp -> last.logs.partition(tp)
                        .map(l -> last.uploadedEnd(tp) == l.highWatermark()).orElse(true));
            });
            pass(h, metadata, time, acked, expired);
            checkInvariants(h, metadata, store, acked, expired, acked.size(), random);
            checkPoliciesAppliedFully(h, metadata, time);
            assertThat(objectKeys(store)).as("objects left are exactly those the manifests name")
                    .isEqualTo(namedKeys(metadata));
            assertThat(expired).as("seed %d expired something", seed).isNotEmpty();
            assertThat(passes).isPositive();
            assertThat(restarts).isPositive();
        } finally {
            store.releaseAll();
            h.close();
        }
    }

    private static RetentionPolicy randomPolicy(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> new RetentionPolicy(RetentionPolicy.Kind.TIME, HOUR / 2 + random.nextLong(2 * HOUR));
            case 1 -> new RetentionPolicy(RetentionPolicy.Kind.SIZE, 1_000 + random.nextLong(20_000));
            default -> new RetentionPolicy(random.nextBoolean() ? RetentionPolicy.Kind.TIME : RetentionPolicy.Kind.SIZE,
                    RetentionPolicy.UNLIMITED);
        };
    }

    private static void setPolicy(MetadataStore metadata, String topic, RetentionPolicy policy) {
        TopicMetadata t = metadata.topic(topic).orElseThrow();
        metadata.updateTopic(new TopicMetadata(t.name(), t.topicId(), t.partitionCount(), t.replicationFactor(), policy,
                t.compression(), t.etlModules(), t.configs(), t.createdAtMs()), List.of());
    }

    /**
     * One retention pass, checked: under a time policy every batch that left the log was expired;
     * under a size policy a partition that lost segments still holds at least retention_bytes.
     */
    private static void pass(TierHarness h, MetadataStore metadata, MockTime time, List<Acked> acked,
                             List<Acked> expired) {
        Map<TopicPartition, Long> startBefore = new HashMap<>();
        for (TopicPartition tp : PARTITIONS) {
            startBefore.put(tp, logStart(h, tp));
        }
        h.tier.retentionNow().join();
        long cutoffMs = time.milliseconds();
        for (TopicPartition tp : PARTITIONS) {
            long start = logStart(h, tp);
            if (start == startBefore.get(tp)) {
                continue;
            }
            RetentionPolicy policy = metadata.topic(tp.topic()).orElseThrow().retentionPolicy();
            List<Acked> gone = acked.stream().filter(a -> a.tp().equals(tp) && a.last() < start).toList();
            if (policy.kind() == RetentionPolicy.Kind.TIME) {
                for (Acked a : gone) {
                    assertThat(a.timestamp()).as("%s batch %d deleted by time", tp, a.base())
                            .isLessThan(cutoffMs - policy.limit());
                }
            } else {
                PartitionManifest m = h.manifest(tp).orElseThrow();
                long size = h.logs.partition(tp).map(l -> l.bytesFrom(m.endOffset())).orElse(0L)
                        + m.segments().stream().mapToLong(SegmentMetadata::sizeBytes).sum();
                assertThat(size).as("%s keeps retention_bytes", tp).isGreaterThanOrEqualTo(policy.limit());
            }
            acked.removeAll(gone);
            expired.addAll(gone);
        }
    }

    /** The partition log's start; 0 when this broker has no log of it (nothing appended, nothing uploaded). */
    private static long logStart(TierHarness h, TopicPartition tp) {
        return h.logs.partition(tp).map(l -> l.logStartOffset()).orElse(0L);
    }

    private static Acked append(TierHarness h, TopicPartition tp, Random random, long timestamp, int step) {
        List<Record> records = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[random.nextInt(300)];
            random.nextBytes(value);
            records.add(new Record(timestamp, (tp + "-" + step + "-" + i).getBytes(), value, List.of()));
        }
        ByteBuffer batch = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE, records);
        LogAppendResult result;
        try {
            result = h.logs.append(tp, batch.duplicate(), 0).join();
        } catch (java.util.concurrent.CompletionException e) {
            return null; // WAL full while uploads are held back
        }
        ByteBuffer stored = ByteBuffer.wrap(TierFixtures.bytes(batch));
        RecordBatch b = RecordBatch.wrap(stored);
        b.setBaseOffset(result.baseOffset());
        b.setLeaderEpoch(0);
        return new Acked(tp, result.baseOffset(), result.lastOffset(), stored.array(), timestamp);
    }

    private static void checkInvariants(TierHarness h, MetadataStore metadata, ControlledObjectStore store,
                                        List<Acked> acked, List<Acked> expired, int reads, Random random) {
        for (TopicPartition tp : PARTITIONS) {
            PartitionManifest m = metadata.manifest(tp.topic(), tp.partition()).orElse(null);
            if (m == null) {
                continue;
            }
            for (SegmentMetadata s : m.segments()) {
                assertThat(store.objects.list(s.key())).as("object %s the manifest names", s.key()).isNotEmpty();
            }
            assertThat(logStart(h, tp)).as("%s log start", tp).isEqualTo(m.logStartOffset());
        }
        for (int i = 0; i < Math.min(reads, acked.size()); i++) {
            Acked a = reads >= acked.size() ? acked.get(i) : acked.get(random.nextInt(acked.size()));
            List<ByteBuffer> read = h.logs.read(a.tp(), a.base(), 1).batches();
            assertThat(read).as("read of %s at %d", a.tp(), a.base()).isNotEmpty();
            assertThat(TierFixtures.bytes(read.get(0))).as("%s batch at %d", a.tp(), a.base()).isEqualTo(a.bytes());
        }
        if (!expired.isEmpty()) {
            Acked e = expired.get(random.nextInt(expired.size()));
            assertThatThrownBy(() -> h.logs.read(e.tp(), e.base(), 1)).as("read of expired %s at %d", e.tp(), e.base())
                    .isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    /** With nothing in flight, a pass leaves no segment its policy would still delete. */
    private static void checkPoliciesAppliedFully(TierHarness h, MetadataStore metadata, MockTime time) {
        for (TopicPartition tp : PARTITIONS) {
            PartitionManifest m = h.manifest(tp).orElse(null);
            if (m == null || m.segments().isEmpty()) {
                continue;
            }
            RetentionPolicy policy = metadata.topic(tp.topic()).orElseThrow().retentionPolicy();
            if (policy.limit() == RetentionPolicy.UNLIMITED) {
                continue;
            }
            SegmentMetadata first = m.segments().get(0);
            if (policy.kind() == RetentionPolicy.Kind.TIME) {
                assertThat(first.maxTimestamp()).as("%s first segment not expired", tp)
                        .isGreaterThanOrEqualTo(time.milliseconds() - policy.limit());
            } else {
                long size = h.logs.partition(tp).map(l -> l.bytesFrom(m.endOffset())).orElse(0L)
                        + m.segments().stream().mapToLong(SegmentMetadata::sizeBytes).sum();
                assertThat(size - first.sizeBytes()).as("%s without its first segment", tp).isLessThan(policy.limit());
            }
        }
    }

    private static Set<String> objectKeys(ControlledObjectStore store) {
        Set<String> keys = new HashSet<>();
        for (ObjectInfo o : store.objects.list("topics/")) {
            keys.add(o.key());
        }
        return keys;
    }

    private static Set<String> namedKeys(MetadataStore metadata) {
        Set<String> keys = new HashSet<>();
        for (TopicPartition tp : PARTITIONS) {
            metadata.manifest(tp.topic(), tp.partition())
                    .ifPresent(m -> m.segments().forEach(s -> keys.add(s.key())));
        }
        return keys;
    }
}
