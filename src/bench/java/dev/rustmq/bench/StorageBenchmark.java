package dev.rustmq.bench;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import dev.rustmq.storage.wal.WalStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Append throughput and latency of the storage engine with fsync_on_write on (partition logs over
 * the file WAL, records of one size, closed-loop appenders), each run next to the disk's own limit
 * measured in the same run at the WAL's average group-commit size. An appender is one append in
 * flight at a time; by default appenders are driven by two threads with callbacks, as a broker's
 * event loops drive produce requests ({@code --model threads} gives each its own blocked thread).
 *
 * <pre>
 * java -cp ... dev.rustmq.bench.StorageBenchmark [--dir D] [--seconds S] [--record-size B]
 *      [--appenders 1,8,64] [--partitions 1,12] [--write-cache-bytes N] [--model async|threads]
 * </pre>
 */
public final class StorageBenchmark {
    private StorageBenchmark() {
    }

    /** One configuration's outcome. */
    public record Run(int appenders, int partitions, long records, double recordsPerSecond, double mbPerSecond,
                      double p50Ms, double p99Ms, double p999Ms, long appendsPerSync, int bytesPerSync,
                      DiskBaseline.Result disk) {
        double throughputRatio() {
            return mbPerSecond / disk.mbPerSecond();
        }

        double p99Ratio() {
            return p99Ms / disk.p99Ms();
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(option(args, "--dir", "data/bench"));
        long seconds = Long.parseLong(option(args, "--seconds", "10"));
        int recordSize = Integer.parseInt(option(args, "--record-size", "1024"));
        int[] appenders = ints(option(args, "--appenders", "1,8,64"));
        int[] partitions = ints(option(args, "--partitions", "1,12"));
        long writeCacheBytes = Long.parseLong(option(args, "--write-cache-bytes", Long.toString(64L << 20)));
        boolean threadPerAppender = option(args, "--model", "async").equals("threads");
        Files.createDirectories(dir);
        System.out.printf("Storage benchmark: %d-byte records, fsync_on_write=true, %d s per run, %s, WAL in %s%n",
                recordSize, seconds, threadPerAppender ? "one thread per appender"
                        : "appenders driven by " + Load.DRIVER_THREADS + " threads", dir.toAbsolutePath());
        List<Run> runs = new ArrayList<>();
        for (int p : partitions) {
            for (int a : appenders) {
                runs.add(run(dir, a, p, recordSize, writeCacheBytes, threadPerAppender, TimeUnit.SECONDS.toMillis(seconds)));
            }
        }
        System.out.println();
        System.out.println(table(runs));
    }

    public static Run run(Path dir, int appenders, int partitions, int recordSize, long writeCacheBytes,
                          boolean threadPerAppender, long durationMs)
            throws IOException, InterruptedException {
        Path walDir = dir.resolve("wal");
        Folders.deleteRecursively(walDir);
        WalOptions options = new WalOptions(walDir, 16L << 30, 1L << 30, 1 << 20, true, 1000);
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        try (LogManager logs = LogManager.open(new FileWriteAheadLog(options), new WriteCache(writeCacheBytes),
                new ReadCache(64 << 20), 60_000)) {
            Load load = threadPerAppender
                    ? Load.threads(logs, appenders, partitions, recordSize, recorder, measuring, stop)
                    : Load.async(logs, appenders, partitions, recordSize, recorder, measuring, stop);
            TimeUnit.MILLISECONDS.sleep(Math.min(2000, durationMs / 4)); // warm-up, not measured
            WalStats before = logs.wal().stats();
            recorder.getIntervalHistogram();
            measuring.set(true);
            long start = System.nanoTime();
            Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
            while (System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(Math.min(5000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                Histogram interval = recorder.getIntervalHistogram();
                total.add(interval);
                System.out.printf("  appenders=%d partitions=%d: %,d appends so far, p99 %.2f ms%n", appenders,
                        partitions, total.getTotalCount(), interval.getValueAtPercentile(99) / 1e6);
            }
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            WalStats after = logs.wal().stats();
            stop.set(true);
            load.awaitStopped();
            total.add(recorder.getIntervalHistogram());
            long records = total.getTotalCount();
            long syncs = Math.max(1, after.syncs() - before.syncs());
            long appends = after.appends() - before.appends();
            long bytes = after.bytesAppended() - before.bytesAppended();
            int bytesPerSync = (int) Math.max(1, (bytes + 8 * appends) / syncs);
            DiskBaseline.Result disk = DiskBaseline.measure(walDir, bytesPerSync, durationMs);
            Run run = new Run(appenders, partitions, records, records / elapsed, records * (double) recordSize
                    / elapsed / (1 << 20), total.getValueAtPercentile(50) / 1e6, total.getValueAtPercentile(99) / 1e6,
                    total.getValueAtPercentile(99.9) / 1e6, appends / syncs, bytesPerSync, disk);
            System.out.printf("appenders=%d partitions=%d: %,.0f records/s, %.1f MB/s, p50 %.2f ms, p99 %.2f ms; "
                            + "disk at %,d B per sync: %.1f MB/s, p99 %.2f ms -> %.0f%% of disk, p99 x%.2f%n",
                    appenders, partitions, run.recordsPerSecond(), run.mbPerSecond(), run.p50Ms(), run.p99Ms(),
                    bytesPerSync, disk.mbPerSecond(), disk.p99Ms(), 100 * run.throughputRatio(), run.p99Ratio());
            return run;
        } finally {
            Folders.deleteRecursively(walDir);
        }
    }

    static String table(List<Run> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| appenders | partitions | records/s | MB/s | p50 ms | p99 ms | p99.9 ms | appends/sync "
                + "| disk MB/s at that size | disk p99 ms | of disk | p99 vs disk |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            out.append(String.format("| %d | %d | %,.0f | %.1f | %.2f | %.2f | %.2f | %d | %.1f | %.2f | %.0f%% | %.2fx |%n",
                    r.appenders(), r.partitions(), r.recordsPerSecond(), r.mbPerSecond(), r.p50Ms(), r.p99Ms(),
                    r.p999Ms(), r.appendsPerSync(), r.disk().mbPerSecond(), r.disk().p99Ms(),
                    100 * r.throughputRatio(), r.p99Ratio()));
        }
        return out.toString();
    }

    private static String option(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

}
