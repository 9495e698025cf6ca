package dev.rustmq.bench;

import dev.rustmq.storage.errors.ObjectStoreException;
import dev.rustmq.storage.object.ObjectStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The object store's own PUT and ranged-GET throughput, with the same settings as
 * {@code [object_storage]}: the baseline for tiered uploads and cold reads. Needs no broker.
 */
@Command(name = "object-store", mixinStandardHelpOptions = true, description = "Measure an object store's PUT and "
        + "ranged-GET throughput (the baseline for tiered uploads and cold reads). Needs no broker; cleans up unless "
        + "--keep.")
final class ObjectStoreCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    ObjectStoreFlags storeFlags;
    @Option(names = "--object-size", defaultValue = "16777216", description = "Bytes per PUT (default 16 MiB).")
    int objectSize;
    @Option(names = "--read-size", defaultValue = "1048576", description = "Bytes per ranged GET (default 1 MiB).")
    int readSize;
    @Option(names = "--concurrency", defaultValue = "4", description = "Calls in flight (uploaders / readers).")
    int concurrency;
    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per phase (PUT, then GET).")
    int seconds;
    @Option(names = "--prefix", description = "Key prefix for the test objects (default perf/<time>/).")
    String prefix;
    @Option(names = "--keep", description = "Leave the test objects in the store.")
    boolean keep;

    @Override
    public void run() {
        if (objectSize < 1 || readSize < 1 || readSize > objectSize || concurrency < 1 || seconds < 1) {
            throw new ParameterException(spec.commandLine(), "--object-size, --read-size, --concurrency and --seconds "
                    + "must be >= 1, and --read-size at most --object-size");
        }
        PrintWriter out = spec.commandLine().getOut();
        String keys = prefix != null ? prefix : "perf/" + System.currentTimeMillis() + "/";
        ObjectStore opened = storeFlags.open(spec, concurrency);
        try (ObjectStore store = opened) {
            out.println("store: " + store.describe() + ", " + concurrency + " in flight, objects of " + objectSize
                    + " B, reads of " + readSize + " B, keys " + keys);
            out.flush();
            ObjectStoreBaseline baseline = new ObjectStoreBaseline(store, concurrency, p -> {
                out.printf(Locale.ROOT, "%s: %.0f s, %d calls, %.2f MB/s%n", p.phase(), p.seconds(), p.calls(),
                        p.bytes() / p.seconds() / (1 << 20));
                out.flush();
            });
            List<String> written = new ArrayList<>();
            try {
                ObjectStoreBaseline.Result put = baseline.puts(keys, objectSize, seconds * 1000L, written);
                ObjectStoreBaseline.Result get = baseline.rangedGets(written, objectSize, readSize, seconds * 1000L);
                out.println("phase, calls, MB, MB.sec, calls.sec, p50.ms, p99.ms");
                for (ObjectStoreBaseline.Result r : List.of(put, get)) {
                    out.printf(Locale.ROOT, "%s, %d, %.1f, %.2f, %.1f, %.2f, %.2f%n", r.phase(), r.calls(),
                            r.bytes() / (double) (1 << 20), r.mbPerSecond(), r.callsPerSecond(), r.p50Ms(), r.p99Ms());
                }
                out.flush();
            } finally {
                if (!keep && !written.isEmpty()) {
                    baseline.delete(written);
                }
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (ObjectStoreException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(BenchException.FAILED, "interrupted");
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private static BenchException failure(Throwable e) {
        if (e instanceof BenchException c) {
            return c;
        }
        return new BenchException(BenchException.FAILED, "object-store failed: " + e.getMessage(), e);
    }
}
