package dev.rustmq.storage.object;

import dev.rustmq.common.Time;
import java.util.concurrent.TimeUnit;

/**
 * Caps the average upload rate of all callers together ({@code [object_storage]
 * max_upload_bytes_per_sec}), so tiering leaves network bandwidth to replication and clients. Each
 * put books its bytes on a shared timeline at the capped rate and waits until its turn starts,
 * then sends at full speed: over time the rate is at most the cap, and one put never waits for
 * its own bytes.
 */
final class UploadBandwidthLimit {
    private final long bytesPerSecond;
    private final Time time;
    private long nextFreeNanos;
    private boolean started;

    UploadBandwidthLimit(long bytesPerSecond, Time time) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytes per second must be >= 1: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.time = time;
    }

    /** Books {@code bytes} and waits until the booking starts. */
    void acquire(long bytes) throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            long now = time.nanoseconds();
            // Compare by difference: the monotonic clock may be negative.
            long start = started && nextFreeNanos - now > 0 ? nextFreeNanos : now;
            started = true;
            nextFreeNanos = start + (long) (bytes * (double) TimeUnit.SECONDS.toNanos(1) / bytesPerSecond);
            waitNanos = start - now;
        }
        if (waitNanos > 0) {
            time.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
        }
    }
}
