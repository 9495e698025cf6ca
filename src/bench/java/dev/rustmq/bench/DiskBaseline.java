package dev.rustmq.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The disk's own limit for WAL-style writes: sequential appends of one block followed by an
 * fdatasync, repeated for a while, on the same folder as the WAL. What the WAL does per group
 * commit, without any of its bookkeeping: its upper bound.
 */
public final class DiskBaseline {
    /** Throughput and the latency of one write + fdatasync of {@code blockSize} bytes. */
    public record Result(int blockSize, long syncs, double mbPerSecond, double p50Ms, double p99Ms) {
    }

    private DiskBaseline() {
    }

    public static Result measure(Path dir, int blockSize, long durationMs) throws IOException {
        Path file = dir.resolve("disk-baseline.tmp");
        ByteBuffer block = ByteBuffer.allocateDirect(blockSize);
        byte[] random = new byte[blockSize];
        ThreadLocalRandom.current().nextBytes(random);
        block.put(random).flip();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long bytes = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                ByteBuffer b = block.duplicate();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
                latency.recordValue(System.nanoTime() - t0);
                bytes += blockSize;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(blockSize, latency.getTotalCount(), bytes / seconds / (1 << 20),
                    latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
