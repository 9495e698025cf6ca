package dev.rustmq.storage.log;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link StorageCrashIT} kills: appends batches from several threads with
 * fsync_on_write on, and prints {@code ACK partition baseOffset count round thread seq} for each
 * acknowledged batch. Record contents are a pure function of (round, thread, seq, index), so the
 * parent can tell a real record from an invented one.
 */
public final class StorageCrashChild {
    static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        LogManager logs = LogManager.open(new FileWriteAheadLog(
                new WalOptions(dir, 64L << 20, 256 << 10, 16 << 10, true, 1000)),
                new WriteCache(4 << 20), new ReadCache(4 << 20), 30_000);
        out.println("READY");
        out.flush();
        CountDownLatch never = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> appendForever(logs, out, round, thread, seed));
            appender.setDaemon(true);
            appender.start();
        }
        never.await();
    }

    private static void appendForever(LogManager logs, PrintStream out, int round, int thread, long seed) {
        for (int seq = 0; ; seq++) {
            List<Record> records = records(round, thread, seq, seed);
            TopicPartition tp = new TopicPartition("crash", Math.floorMod(thread * 31 + seq, PARTITIONS));
            CompressionType compression = CompressionType.values()[seq % CompressionType.values().length];
            LogAppendResult r = logs.append(tp, RecordBatchBuilder.build(0, -1, compression, records), round).join();
            synchronized (out) {
                out.println("ACK " + tp.partition() + " " + r.baseOffset() + " " + records.size() + " " + round + " "
                        + thread + " " + seq);
                out.flush();
            }
        }
    }

    /** The records of one batch: 1 to 5 of them, values of 1 to 2,000 bytes, all derived from the ids. */
    static List<Record> records(int round, int thread, int seq, long seed) {
        Random random = new Random(seed * 1_000_003L + round * 10_007L + thread * 101L + seq);
        int count = 1 + random.nextInt(5);
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[1 + random.nextInt(2000)];
            random.nextBytes(value);
            byte[] key = (round + "/" + thread + "/" + seq + "/" + i).getBytes(StandardCharsets.UTF_8);
            records.add(Record.of(key, value, 1_700_000_000_000L + seq));
        }
        return records;
    }
}
