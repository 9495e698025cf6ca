package dev.rustmq.storage.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.MockTimeTicker;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.storage.log.LogAppendResult;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends from several threads into the file WAL (completions on its writer thread, appends in
 * flight while the trim runs) while segments seal, upload and trim continuously and a reader
 * checks acknowledged batches as they move from the WAL to objects. Nothing acknowledged is lost.
 */
class ConcurrentTieringTest {
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("p", 0),
            new TopicPartition("p", 1), new TopicPartition("p", 2), new TopicPartition("q", 0),
            new TopicPartition("q", 1), new TopicPartition("r", 0));

    record Acked(TopicPartition tp, long base, byte[] bytes) {
    }

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsReadsUploadsAndTrimsLoseNothing() throws Exception {
        FileWriteAheadLog wal = new FileWriteAheadLog(new WalOptions(dir, 1 << 20, 64 << 10, 16 << 10, false, 5));
        MetadataStore metadata = new MemoryMetadataStore();
        TierFixtures.createTopics(metadata, PARTITIONS);
        FaultyObjectStore store = new FaultyObjectStore();
        TierOptions options = new TierOptions(8 << 10, 60_000, 3, 2, 0.3, 1, 10, 4 << 10, 1 << 20);
        List<Acked> acked = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        MockTime time = new MockTime();
        // Checks every 2 ms, retries and waits for WAL room run on the mock clock: it moves as real time.
        try (MockTimeTicker ticking = MockTimeTicker.start(time, 1);
             TierHarness h = new TierHarness(options, wal, metadata, store, 32 << 10, time, 10_000)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                writers.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        TopicPartition tp = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
                        ByteBuffer batch = TierFixtures.producerBatch(seed + "-" + i, 1 + random.nextInt(4),
                                random.nextInt(400));
                        LogAppendResult r = h.logs.append(tp, batch.duplicate(), 3).join();
                        acked.add(new Acked(tp, r.baseOffset(), StoreOutageTest.stored(batch, r.baseOffset(), 3)));
                        if (i % 50 == 0) {
                            store.failingPuts.set(2); // some uploads fail and are retried
                        }
                    }
                    return null;
                }));
            }
            Future<Integer> reader = threads.submit(() -> {
                Random random = new Random(99);
                int reads = 0;
                while (writing.get() || reads < 200) {
                    if (acked.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    check(h, acked.get(random.nextInt(acked.size())));
                    reads++;
                }
                return reads;
            });
            for (Future<?> w : writers) {
                w.get();
            }
            writing.set(false);
            assertThat(reader.get()).isPositive();

            h.time.sleep(60_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                h.check();
                return wal.startOffset() == wal.endOffset();
            });
            for (Acked a : acked) {
                check(h, a);
            }
            assertThat(acked).hasSize(1_200);
            assertThat(h.tier.stats().trimRefusals()).isZero();
            assertThat(h.tier.stats().committedSegments()).isGreaterThan(PARTITIONS.size());
            assertThat(store.failedPuts.get()).isPositive();
        } finally {
            threads.shutdownNow();
        }
    }

    private static void check(TierHarness h, Acked a) {
        List<ByteBuffer> read = h.logs.read(a.tp(), a.base(), 1).batches();
        assertThat(TierFixtures.bytes(read.get(0))).as("%s at %d", a.tp(), a.base()).isEqualTo(a.bytes());
    }

}
