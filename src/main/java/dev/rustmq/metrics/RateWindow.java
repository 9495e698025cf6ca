package dev.rustmq.metrics;

import dev.rustmq.common.Time;
import java.util.concurrent.TimeUnit;

/**
 * Amount per second over the last {@code windowSeconds} whole seconds, on an injected clock: what
 * a gauge such as {@code object_storage_upload_rate} shows, for dashboards without Prometheus'
 * {@code rate()}. One bucket per second; a bucket older than the window is reused. During the
 * first window after start-up the rate is over the time elapsed so far (at least one second), so
 * a fresh node does not under-report.
 */
public final class RateWindow {
    private final Time time;
    private final int windowSeconds;
    private final long startSecond;
    /** Which second each bucket holds (Long.MIN_VALUE: none yet) and its sum. */
    private final long[] seconds;
    private final long[] sums;

    public RateWindow(Time time, int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("the window must be at least one second: " + windowSeconds);
        }
        this.time = time;
        this.windowSeconds = windowSeconds;
        this.startSecond = nowSecond();
        this.seconds = new long[windowSeconds];
        this.sums = new long[windowSeconds];
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** Adds {@code amount} (e.g. bytes uploaded) at the current time. */
    public synchronized void record(long amount) {
        long second = nowSecond();
        int i = (int) Math.floorMod(second, (long) windowSeconds);
        if (seconds[i] != second) {
            seconds[i] = second;
            sums[i] = 0;
        }
        sums[i] += amount;
    }

    /** The amount recorded in the last {@code windowSeconds} seconds (the current one included), per second. */
    public synchronized double perSecond() {
        long now = nowSecond();
        long total = 0;
        for (int i = 0; i < windowSeconds; i++) {
            if (seconds[i] > now - windowSeconds && seconds[i] <= now) {
                total += sums[i];
            }
        }
        long span = Math.min(windowSeconds, Math.max(1, now - startSecond + 1));
        return (double) total / span;
    }

    public int windowSeconds() {
        return windowSeconds;
    }

    private long nowSecond() {
        return Math.floorDiv(time.nanoseconds(), TimeUnit.SECONDS.toNanos(1));
    }
}
