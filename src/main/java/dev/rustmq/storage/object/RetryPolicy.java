package dev.rustmq.storage.object;

/**
 * How long a store call keeps trying ({@code [object_storage] retry_*}).
 *
 * @param maxAttempts  tries of one call, counting the first, before a retriable failure is given
 *                     up; throttled tries do not count (throttling slows a call down, it does not fail it)
 * @param baseDelayMs  the first back-off's ceiling; each further failure doubles it
 * @param maxDelayMs   the largest back-off ceiling
 * @param timeoutMs    a call gives up once another wait would take it past this long, throttled or not
 */
public record RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs, long timeoutMs) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, 100, 10_000, 300_000);

    public RetryPolicy {
        if (maxAttempts < 1 || baseDelayMs < 1 || maxDelayMs < baseDelayMs || timeoutMs < 0) {
            throw new IllegalArgumentException("bad retry policy: " + maxAttempts + " attempts, delays "
                    + baseDelayMs + ".." + maxDelayMs + " ms, timeout " + timeoutMs + " ms");
        }
    }
}
