package dev.rustmq.common;

/**
 * The clock every time-dependent component takes in its constructor, so controller, heartbeat
 * and retention logic can run against {@code MockTime} in deterministic tests.
 */
public interface Time {
    Time SYSTEM = new SystemTime();

    /** Wall-clock milliseconds since the epoch (for timestamps shown to people). */
    long milliseconds();

    /** Monotonic nanoseconds (for measuring durations and timeouts). */
    long nanoseconds();
}
