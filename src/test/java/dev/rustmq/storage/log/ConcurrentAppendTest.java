package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.batch;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static dev.rustmq.storage.log.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen appenders on four partitions over a file WAL with fsync on: every append is
 * acknowledged, each partition's offsets are exactly 0..n-1, and a reader polling meanwhile
 * only ever sees dense batches below the high watermark.
 */
class ConcurrentAppendTest {
    private static final int APPENDERS = 16;
    private static final int BATCHES_PER_APPENDER = 100;
    private static final List<TopicPartition> PARTITIONS =
            IntStream.range(0, 4).mapToObj(p -> new TopicPartition("concurrent", p)).toList();

    @TempDir
    Path dir;

    private LogManager logs;
    private ExecutorService pool;

    /** One acknowledged append: who sent it, where, how many records, and what the log answered. */
    private record Ack(int appender, int seq, TopicPartition tp, int count, LogAppendResult result) {
        String tag() {
            return "a" + appender + "-s" + seq;
        }
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentAppendsGetDenseOffsetsAndAConcurrentReaderNeverSeesPastTheHighWatermark() throws Exception {
        // A write cache smaller than the data, so the reader also reads batches back from the WAL.
        logs = LogManager.open(new FileWriteAheadLog(new WalOptions(dir, 256L << 20, 1 << 20, 64 << 10, true, 1000)),
                new WriteCache(64 << 10), new ReadCache(256 << 10), 30_000);
        PARTITIONS.forEach(logs::partitionLog);
        pool = Executors.newFixedThreadPool(APPENDERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean appendersDone = new AtomicBoolean();

        List<Future<List<Ack>>> appenders = new ArrayList<>();
        for (int a = 0; a < APPENDERS; a++) {
            int appender = a;
            appenders.add(pool.submit(() -> append(appender, start)));
        }
        Future<Long> reader = pool.submit(() -> poll(start, appendersDone));
        start.countDown();

        List<Ack> acks = new ArrayList<>();
        for (Future<List<Ack>> appender : appenders) {
            acks.addAll(appender.get(60, TimeUnit.SECONDS));
        }
        appendersDone.set(true);
        long batchesSeenByReader = reader.get(60, TimeUnit.SECONDS);

        assertThat(acks).hasSize(APPENDERS * BATCHES_PER_APPENDER);
        assertThat(batchesSeenByReader).isEqualTo(acks.size());
        for (TopicPartition tp : PARTITIONS) {
            verifyPartition(tp, acks.stream().filter(a -> a.tp().equals(tp))
                    .sorted(Comparator.comparingLong(a -> a.result().baseOffset())).toList());
        }
    }

    /** Appends without waiting, then waits for every acknowledgement; round-robin over the partitions. */
    private List<Ack> append(int appender, CountDownLatch start) throws Exception {
        start.await();
        List<CompletableFuture<LogAppendResult>> futures = new ArrayList<>();
        List<Ack> sent = new ArrayList<>();
        for (int seq = 0; seq < BATCHES_PER_APPENDER; seq++) {
            TopicPartition tp = PARTITIONS.get((appender + seq) % PARTITIONS.size());
            int count = 1 + (appender * 7 + seq) % 4;
            Ack pending = new Ack(appender, seq, tp, count, null);
            futures.add(logs.append(tp, producerBatch(pending.tag(), count), appender));
            sent.add(pending);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<Ack> acks = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Ack s = sent.get(i);
            acks.add(new Ack(s.appender(), s.seq(), s.tp(), s.count(), futures.get(i).join()));
        }
        return acks;
    }

    /**
     * Follows every partition from offset 0 until the appenders are done and it has caught up;
     * returns how many batches it saw. Any gap, batch at or above the high watermark, or high
     * watermark going back fails the test.
     */
    private long poll(CountDownLatch start, AtomicBoolean appendersDone) throws Exception {
        start.await();
        long[] next = new long[PARTITIONS.size()];
        long[] lastHighWatermark = new long[PARTITIONS.size()];
        long seen = 0;
        while (true) {
            boolean done = appendersDone.get();
            boolean caughtUp = true;
            for (int p = 0; p < PARTITIONS.size(); p++) {
                TopicPartition tp = PARTITIONS.get(p);
                LogReadResult read = logs.read(tp, next[p], 16 << 10);
                assertThat(read.highWatermark()).as("high watermark of %s", tp)
                        .isGreaterThanOrEqualTo(lastHighWatermark[p]);
                assertThat(read.logStartOffset()).isZero();
                lastHighWatermark[p] = read.highWatermark();
                assertThat(read.batches().isEmpty()).as("read of %s at %d below HW %d", tp, next[p],
                        read.highWatermark()).isEqualTo(next[p] == read.highWatermark());
                for (ByteBuffer bytes : read.batches()) {
                    RecordBatch b = batch(bytes);
                    b.validate();
                    assertThat(b.baseOffset()).as("no gap in %s", tp).isEqualTo(next[p]);
                    assertThat(b.lastOffset()).as("below the HW of %s", tp).isLessThan(read.highWatermark());
                    next[p] = b.lastOffset() + 1;
                    seen++;
                }
                caughtUp &= next[p] == logs.partition(tp).orElseThrow().highWatermark();
            }
            if (done && caughtUp) {
                return seen;
            }
            Thread.onSpinWait();
        }
    }

    private void verifyPartition(TopicPartition tp, List<Ack> acks) {
        long expected = 0;
        for (Ack ack : acks) {
            assertThat(ack.result().baseOffset()).as("%s: no gap or duplicate at %s", tp, ack).isEqualTo(expected);
            assertThat(ack.result().lastOffset()).isEqualTo(expected + ack.count() - 1);
            expected += ack.count();
        }
        PartitionLog log = logs.partition(tp).orElseThrow();
        assertThat(log.logEndOffset()).isEqualTo(expected);
        assertThat(log.highWatermark()).isEqualTo(expected);

        List<ByteBuffer> stored = new ArrayList<>();
        for (long offset = 0; offset < expected; ) {
            List<ByteBuffer> batches = logs.read(tp, offset, 1 << 20).batches();
            stored.addAll(batches);
            offset = batch(batches.get(batches.size() - 1)).lastOffset() + 1;
        }
        assertThat(stored).hasSameSizeAs(acks);
        for (int i = 0; i < acks.size(); i++) {
            Ack ack = acks.get(i);
            RecordBatch b = batch(stored.get(i));
            assertThat(b.baseOffset()).isEqualTo(ack.result().baseOffset());
            assertThat(b.leaderEpoch()).isEqualTo(ack.appender());
            assertThat(b.records()).as("batch at %d of %s", b.baseOffset(), tp).isEqualTo(records(ack.tag(), ack.count()));
        }
        // Each appender's batches on one partition keep the order it sent them in.
        for (int a = 0; a < APPENDERS; a++) {
            int appender = a;
            assertThat(acks.stream().filter(x -> x.appender() == appender).map(Ack::seq).toList()).isSorted();
        }
    }
}
