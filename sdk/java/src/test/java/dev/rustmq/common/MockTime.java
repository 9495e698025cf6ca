package dev.rustmq.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests: it only moves when told to. {@link #sleep(long)} advances the wall clock and
 * the monotonic clock together, so code measuring durations with either sees the same time pass.
 */
public final class MockTime implements Time {
    private final AtomicLong milliseconds;
    private final AtomicLong nanoseconds;

    /** Starts at an arbitrary but fixed instant (not zero, so "0 means unset" bugs show up). */
    public MockTime() {
        this(1_700_000_000_000L, 5_000_000_000L);
    }

    public MockTime(long startMilliseconds, long startNanoseconds) {
        this.milliseconds = new AtomicLong(startMilliseconds);
        this.nanoseconds = new AtomicLong(startNanoseconds);
    }

    @Override
    public long milliseconds() {
        return milliseconds.get();
    }

    @Override
    public long nanoseconds() {
        return nanoseconds.get();
    }

    /** Advances both clocks by {@code ms} without blocking. */
    public void sleep(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("cannot sleep a negative time: " + ms);
        }
        milliseconds.addAndGet(ms);
        nanoseconds.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** Moves the wall clock to {@code ms} (forwards only); the monotonic clock advances by the same amount. */
    public void setCurrentTimeMs(long ms) {
        long delta = ms - milliseconds.get();
        if (delta < 0) {
            throw new IllegalArgumentException("the clock only moves forwards: " + ms + " < " + milliseconds.get());
        }
        sleep(delta);
    }

    /** Advances only the monotonic clock, for code that measures sub-millisecond durations. */
    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot go back in time: " + nanos);
        }
        nanoseconds.addAndGet(nanos);
    }
}
