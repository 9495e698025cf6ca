package dev.rustmq.storage.tier;

/**
 * Exponential back-off between retries: {@code initialMs} doubled per failed attempt up to
 * {@code maxMs}; a store that asked us to slow down (throttled) waits the maximum at once.
 */
public record Backoff(long initialMs, long maxMs) {
    public long delayMs(int failedAttempts, boolean throttled) {
        if (throttled) {
            return maxMs;
        }
        int shift = Math.min(30, Math.max(0, failedAttempts - 1));
        return Math.min(maxMs, initialMs << shift);
    }
}
