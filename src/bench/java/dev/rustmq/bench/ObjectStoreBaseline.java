package dev.rustmq.bench;

import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An object store's own throughput for what tiering does: PUTs of segment-sized objects by
 * several uploaders, then ranged GETs of blocks at random offsets of those objects (what a fetch
 * that misses the caches does). The baseline tiered upload and cold-read rates are compared with.
 */
public final class ObjectStoreBaseline {
    /** One phase's totals; latency of one call in nanoseconds. */
    public record Result(String phase, long calls, long bytes, double seconds, Histogram latency) {
        public double mbPerSecond() {
            return bytes / seconds / (1 << 20);
        }

        public double callsPerSecond() {
            return calls / seconds;
        }

        public double p50Ms() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        public double p99Ms() {
            return latency.getValueAtPercentile(99) / 1e6;
        }
    }

    /** Bytes and calls done so far in a phase, reported about once a second. */
    public record Progress(String phase, double seconds, long calls, long bytes) {
    }

    private final ObjectStore store;
    private final int concurrency;
    private final Consumer<Progress> progress;

    public ObjectStoreBaseline(ObjectStore store, int concurrency, Consumer<Progress> progress) {
        this.store = store;
        this.concurrency = concurrency;
        this.progress = progress;
    }

    /** Puts objects of {@code objectSize} under {@code prefix} for {@code durationMs}; the keys land in {@code written}. */
    public Result puts(String prefix, int objectSize, long durationMs, List<String> written) throws Exception {
        byte[] payload = new byte[objectSize];
        new Random(42).nextBytes(payload); // incompressible, like compressed segments
        ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
        AtomicLong sequence = new AtomicLong();
        Result r = run("put", durationMs, objectSize, () -> {
            String key = prefix + String.format("%012d", sequence.getAndIncrement()) + ".seg";
            store.put(key, ByteBuffer.wrap(payload));
            keys.add(key);
            return objectSize;
        });
        written.addAll(keys);
        return r;
    }

    /** Reads {@code readSize} bytes at random block-aligned offsets of random keys for {@code durationMs}. */
    public Result rangedGets(List<String> keys, int objectSize, int readSize, long durationMs) throws Exception {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no objects to read");
        }
        int blocks = Math.max(1, objectSize / readSize);
        return run("get-range", durationMs, readSize, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String key = keys.get(random.nextInt(keys.size()));
            return store.getRange(key, (long) random.nextInt(blocks) * readSize, readSize).remaining();
        });
    }

    /** Deletes what a run wrote. */
    public void delete(List<String> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String key : keys) {
                done.add(pool.submit(() -> store.delete(key)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Call {
        /** One store call; returns the bytes it moved. */
        int run() throws Exception;
    }

    private Result run(String phase, long durationMs, int expectedBytes, Call call) throws Exception {
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    bytes.addAndGet(call.run());
                    latency.recordValue(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        try {
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            while (!allDone(workers)) {
                TimeUnit.MILLISECONDS.sleep(20);
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.accept(new Progress(phase, (now - start) / 1e9, latency.getTotalCount(), bytes.get()));
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                }
            }
            for (Future<?> w : workers) {
                w.get(); // a failed call fails the phase
            }
        } finally {
            pool.shutdownNow();
        }
        // Calls still running at the deadline finish and count: the time is until the last one ends.
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(phase, latency.getTotalCount(), bytes.get(), seconds, latency);
    }

    private static boolean allDone(List<Future<?>> futures) {
        return futures.stream().allMatch(Future::isDone);
    }
}
