package dev.rustmq.bench;

import dev.rustmq.common.Futures;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.tier.TierOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Tiered uploads and cold-read catch-up through the broker's own storage classes, next to the
 * object store's PUT and ranged-GET throughput measured in the same run with the same object size
 * and concurrency. Needs no broker: it builds one's storage in a local folder.
 */
@Command(name = "tiering", mixinStandardHelpOptions = true, description = "Measure tiered uploads of a backlog and a wiped broker's cold-read "
        + "catch-up against the object store's own PUT/GET throughput (same run, same sizes and concurrency). "
        + "Needs no broker; cleans up unless --keep.")
final class TieringCommand implements Runnable {
    private static final double TARGET = 0.8;

    @Spec
    CommandSpec spec;
    @Mixin
    ObjectStoreFlags storeFlags;
    @Option(names = "--size-mb", defaultValue = "512", description = "MiB appended, then uploaded, then read back.")
    long sizeMb;
    @Option(names = "--partitions", defaultValue = "8")
    int partitions;
    @Option(names = "--segment-size", defaultValue = "16777216",
            description = "Bytes per segment ([wal] segment_size_bytes); also the baseline's PUT size.")
    long segmentSize;
    @Option(names = "--uploads", defaultValue = "4",
            description = "Uploads in flight ([object_storage] max_concurrent_uploads); also the baseline's PUTs in flight.")
    int uploads;
    @Option(names = "--readers", defaultValue = "4",
            description = "Partitions read at once in the cold read; also the baseline's GETs in flight.")
    int readers;
    @Option(names = "--fetch-max-bytes", defaultValue = "1048576",
            description = "Bytes per cold read (a consumer's max bytes); also the baseline's GET size.")
    int fetchMaxBytes;
    @Option(names = "--batch-size", defaultValue = "16384", description = "Bytes of records per producer batch.")
    int batchSize;
    @Option(names = "--record-size", defaultValue = "1024", description = "Value bytes per record.")
    int recordSize;
    @Option(names = "--baseline-seconds", defaultValue = "10", description = "Seconds per baseline (PUT, GET), "
            + "half right before and half right after the phase it is compared with.")
    int baselineSeconds;
    @Option(names = "--rounds", defaultValue = "1", description = "Rounds of baseline, upload and cold read; the "
            + "summary gives the median ratios (a shared machine's load varies from second to second).")
    int rounds;
    @Option(names = "--read-ahead", defaultValue = "1048576",
            description = "Read-ahead of a sequential cold reader, in bytes (the broker's default).")
    int readAhead;
    @Option(names = "--read-ahead-chunks", defaultValue = "4", description = "Chunks of --read-ahead a sequential "
            + "cold reader keeps fetched or in flight ahead of it, each one ranged GET (the broker's default).")
    int readAheadChunks;
    @Option(names = "--write-cache-bytes", defaultValue = "268435456", description = "As [cache] write_cache_size_bytes.")
    long writeCacheBytes;
    @Option(names = "--read-cache-bytes", defaultValue = "536870912", description = "As [cache] read_cache_size_bytes.")
    long readCacheBytes;
    @Option(names = "--dir", description = "Folder for the WAL (default: a temporary folder, deleted afterwards).")
    Path dir;
    @Option(names = "--keep", description = "Leave the uploaded segment objects in the store.")
    boolean keep;

    @Override
    public void run() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        String topic = "perf-tiering-" + System.currentTimeMillis();
        Path work = workDir();
        TieringBenchmark.Settings settings = new TieringBenchmark.Settings(work, topic, partitions, sizeMb << 20,
                batchSize, recordSize, segmentSize, uploads, readers, fetchMaxBytes, baselineSeconds * 1000L,
                writeCacheBytes, readCacheBytes, readAhead, readAheadChunks);
        ObjectStore opened = storeFlags.open(spec, uploads);
        try (ObjectStore store = opened) {
            out.printf(Locale.ROOT, "store: %s; %d MiB into %d partitions (%d-byte batches), segments of %d B, "
                            + "%d uploads in flight, %d cold readers, fetches of %d B, WAL in %s, topic %s%n",
                    store.describe(), sizeMb, partitions, batchSize, segmentSize, uploads, readers, fetchMaxBytes, work,
                    topic);
            out.flush();
            TieringBenchmark bench = new TieringBenchmark(store, settings, line -> {
                out.println(line);
                out.flush();
            });
            try {
                List<TieringBenchmark.Result> results = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    if (rounds > 1) {
                        out.println("== round " + (round + 1) + " of " + rounds);
                    }
                    results.add(bench.run(round));
                }
                print(out, results);
            } finally {
                if (!keep) {
                    int deleted = bench.deleteObjects();
                    out.println("deleted " + deleted + " segment objects of " + topic + "-r*");
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(BenchException.FAILED, "interrupted");
        } catch (BenchException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException(BenchException.FAILED, "tiering failed: " + message(e), e);
        } finally {
            if (dir == null) {
                deleteQuietly(work);
            }
        }
    }

    private void validate() {
        if (sizeMb < 1 || rounds < 1 || partitions < 1 || uploads < 1 || readers < 1 || fetchMaxBytes < 1 || recordSize < 1
                || batchSize < recordSize || baselineSeconds < 1 || readAhead < 0
                || readAheadChunks < 1) {
            throw new ParameterException(spec.commandLine(), "--size-mb, --rounds, --partitions, --uploads, --readers, "
                    + "--fetch-max-bytes, --record-size and --baseline-seconds must be >= 1, --batch-size at least "
                    + "--record-size, --read-ahead >= 0, --read-ahead-chunks >= 1");
        }
        long maxSegment = TierOptions.maxSegmentBytes(uploads);
        if (segmentSize < fetchMaxBytes || segmentSize > maxSegment) {
            throw new ParameterException(spec.commandLine(), "--segment-size must be between --fetch-max-bytes ("
                    + fetchMaxBytes + ") and " + maxSegment + " (a broker with this heap and " + uploads
                    + " uploads caps segments there; raise -Xmx or lower --uploads for larger ones)");
        }
    }

    private Path workDir() {
        try {
            if (dir != null) {
                return Files.createDirectories(dir.toAbsolutePath());
            }
            return Files.createTempDirectory("rustmq-perf-tiering");
        } catch (IOException e) {
            throw new BenchException(BenchException.FAILED, "cannot create the WAL folder: " + e.getMessage(), e);
        }
    }

    private static void print(PrintWriter out, List<TieringBenchmark.Result> results) {
        out.println();
        out.println("round, phase, MB, seconds, MB.sec, baseline, baseline.MB.sec, ratio, store.calls, store.MB, "
                + "calls.in.flight, call.ms, baseline.call.ms");
        for (int i = 0; i < results.size(); i++) {
            TieringBenchmark.Result r = results.get(i);
            TieringBenchmark.StoreCalls up = r.uploadCalls();
            TieringBenchmark.StoreCalls down = r.coldReadCalls();
            row(out, i + 1, r.upload(), r.put(), r.uploadRatio(), up.puts(), up.putBytes(),
                    up.putsInFlight(r.upload()), up.putNanos() / 1e6 / Math.max(1, up.puts()));
            row(out, i + 1, r.coldRead(), r.get(), r.coldReadRatio(), down.gets(), down.getBytes(),
                    down.getsInFlight(r.coldRead()), down.getNanos() / 1e6 / Math.max(1, down.gets()));
        }
        summary(out, "upload", "PUT", results.stream().map(TieringBenchmark.Result::upload).toList(),
                results.stream().map(TieringBenchmark.Result::put).toList());
        summary(out, "cold read", "ranged GET", results.stream().map(TieringBenchmark.Result::coldRead).toList(),
                results.stream().map(TieringBenchmark.Result::get).toList());
    }

    /** The round with the median ratio (the lower middle one for an even count). */
    private static void summary(PrintWriter out, String name, String call, List<TieringBenchmark.Phase> phases,
                                List<ObjectStoreBaseline.Result> baselines) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> phases.get(i).mbPerSecond() / baselines.get(i).mbPerSecond()));
        int m = order.get((order.size() - 1) / 2);
        double ratio = phases.get(m).mbPerSecond() / baselines.get(m).mbPerSecond();
        out.printf(Locale.ROOT, "%s: %.1f MB/s = %.0f%% of the store's %s %.1f MB/s%s (target %.0f%%: %s)%n", name,
                phases.get(m).mbPerSecond(), 100 * ratio, call, baselines.get(m).mbPerSecond(),
                phases.size() > 1 ? ", median of " + phases.size() + " rounds" : "", 100 * TARGET,
                ratio >= TARGET ? "met" : "missed");
    }

    private static void row(PrintWriter out, int round, TieringBenchmark.Phase phase,
                            ObjectStoreBaseline.Result baseline, double ratio, long calls, long bytes,
                            double inFlight, double callMs) {
        out.printf(Locale.ROOT, "%d, %s, %.1f, %.2f, %.2f, %s, %.2f, %.2f, %d, %.1f, %.2f, %.1f, %.1f%n", round,
                phase.name(), phase.bytes() / (double) (1 << 20), phase.seconds(), phase.mbPerSecond(),
                baseline.phase(), baseline.mbPerSecond(), ratio, calls, bytes / (double) (1 << 20), inFlight, callMs,
                baseline.latency().getMean() / 1e6);
    }

    private static String message(Throwable e) {
        Throwable cause = Futures.unwrap(e);
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static void deleteQuietly(Path folder) {
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary folder: at worst it stays
        }
    }
}
