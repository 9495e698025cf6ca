package dev.rustmq.common;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How long to wait before trying again: {@code initialMs} after the first failure, doubled per
 * further failure up to {@code maxMs} (the ceiling), then scaled by a random fraction of it
 * (jitter) so that callers that failed together do not all come back at the same instant. A
 * failure because the other side asked us to slow down (throttling) may follow a back-off of its
 * own. Immutable; thread-safe when its random generator is.
 *
 * <p>The variations in use: object-store calls wait a uniform {@code [0, 1]} of the ceiling
 * ("full jitter") and, when throttled, {@code [0.5, 1]} of it; tiered-storage retries wait the
 * ceiling exactly and, when throttled, the maximum; the producer waits {@code [0.8, 1.2]} of the
 * ceiling (Kafka's {@code retry.backoff.ms} and {@code retry.backoff.max.ms}).
 */
public final class Backoff {
    /**
     * Draws each number from the calling thread's {@link ThreadLocalRandom}, so one back-off can be
     * shared by threads. (Holding {@code ThreadLocalRandom.current()} instead would hand other threads
     * a generator they never seeded: the same waits in every process.)
     */
    public static final RandomGenerator THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    private final long initialMs;
    private final long maxMs;
    private final double lowest;
    private final double highest;
    private final RandomGenerator random;
    /** The back-off after a throttling failure; null: the same as after any other failure. */
    private final Backoff throttled;

    private Backoff(long initialMs, long maxMs, double lowest, double highest, RandomGenerator random,
                    Backoff throttled) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.lowest = lowest;
        this.highest = highest;
        this.random = random;
        this.throttled = throttled;
    }

    /**
     * Waits of {@code initialMs}, doubled per failure up to {@code maxMs}, without jitter. A maximum
     * below the first wait means the first wait, always.
     */
    public static Backoff exponential(long initialMs, long maxMs) {
        if (initialMs < 0) {
            throw new IllegalArgumentException("a back-off cannot start below zero: " + initialMs + " ms");
        }
        return new Backoff(initialMs, Math.max(initialMs, maxMs), 1, 1, null, null);
    }

    /** The same waits, each the ceiling times a uniform random fraction in {@code [lowest, highest]}. */
    public Backoff withJitter(double lowest, double highest, RandomGenerator random) {
        if (!(lowest >= 0 && lowest <= highest) || random == null) {
            throw new IllegalArgumentException("jitter needs 0 <= lowest <= highest and a random generator: "
                    + lowest + ".." + highest);
        }
        return new Backoff(initialMs, maxMs, lowest, highest, random, throttled);
    }

    /** The same waits after ordinary failures; after a throttling failure, those of {@code whenThrottled}. */
    public Backoff whenThrottled(Backoff whenThrottled) {
        return new Backoff(initialMs, maxMs, lowest, highest, random, whenThrottled);
    }

    /** The wait before jitter after {@code failures} failures in a row (1 for the first). */
    public long ceilingMs(int failures) {
        int shift = Math.min(62, Math.max(0, failures - 1));
        return initialMs > (maxMs >> shift) ? maxMs : initialMs << shift;
    }

    /** The wait after {@code failures} failures in a row (1 for the first), in milliseconds. */
    public long delayMs(int failures) {
        return Math.round(ceilingMs(failures) * fraction());
    }

    /** The wait after {@code failures} failures in a row, the last one throttling or not. */
    public long delayMs(int failures, boolean throttling) {
        return throttling && throttled != null ? throttled.delayMs(failures) : delayMs(failures);
    }

    /** The wait after {@code failures} failures in a row (1 for the first), in nanoseconds. */
    public long delayNanos(int failures) {
        return (long) (ceilingMs(failures) * fraction() * 1_000_000);
    }

    private double fraction() {
        return lowest == highest ? lowest : lowest + (highest - lowest) * random.nextDouble();
    }
}
