package dev.rustmq.client.producer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a batch waits before it is sent again: {@code retry.backoff.ms}, doubled per attempt up
 * to {@code retry.backoff.max.ms}, give or take 20% so that producers failing together do not all
 * come back at the same instant (Kafka's exponential back-off).
 */
final class RetryBackoff {
    static final double JITTER = 0.2;

    private final long initialMs;
    private final long maxMs;

    RetryBackoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
    }

    /** The wait after the {@code failures}-th failure (1 for the first). */
    long nanos(int failures) {
        double base = initialMs * Math.pow(2, Math.min(62, Math.max(0, failures - 1)));
        double capped = Math.min(base, maxMs);
        double jittered = capped * (1 - JITTER + 2 * JITTER * ThreadLocalRandom.current().nextDouble());
        return (long) (jittered * 1_000_000);
    }
}
