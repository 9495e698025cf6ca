package dev.rustmq.storage.tier;

import dev.rustmq.common.Time;
import java.util.concurrent.TimeUnit;

/**
 * The optional upload bandwidth cap: each upload reserves its bytes and waits until the cap has
 * allowed for the bytes reserved before it, so the average rate stays at or below the cap while
 * any single upload still runs at full speed.
 */
final class UploadRateLimiter {
    private final Time time;
    private final long bytesPerSecond;
    private long nextFreeNanos;

    UploadRateLimiter(Time time, long bytesPerSecond) {
        this.time = time;
        this.bytesPerSecond = bytesPerSecond;
        this.nextFreeNanos = time.nanoseconds();
    }

    /** Reserves {@code bytes}; returns how long the caller must wait before sending them (0 without a cap). */
    synchronized long reserveNanos(long bytes) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        long now = time.nanoseconds();
        long start = Math.max(now, nextFreeNanos);
        nextFreeNanos = start + (long) ((double) bytes * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond);
        return start - now;
    }
}
