package dev.rustmq.common;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;

/**
 * The clock every server and client component takes in its constructor: it reads the time, and
 * every wait that ends on a timeout goes through it (sleeping, timed waits, timeouts on futures,
 * scheduled tasks). With {@code MockTime} in its place, retries, heartbeats, back-offs and
 * timeouts run in seeded, deterministic tests and simulations, where time moves only when the
 * test says so (docs/time.md). {@link #SYSTEM} is the real clock; only {@link SystemTime} calls
 * the JDK's clock and timed-wait methods (ArchitectureTest enforces it).
 *
 * <p>Each timed method has the contract of the JDK method it stands for, measured on this clock.
 * As with the JDK, {@link #awaitNanos} and {@link #parkNanos} may return early (a spurious
 * wake-up): callers re-check their condition and their deadline in a loop.
 */
public interface Time {
    Time SYSTEM = new SystemTime();

    /** Wall-clock milliseconds since the epoch (for timestamps shown to people and stored in metadata). */
    long milliseconds();

    /** Monotonic nanoseconds (for measuring durations and deadlines); compare by difference, may be negative. */
    long nanoseconds();

    /** Blocks for {@code millis} (as {@link Thread#sleep(long)}). */
    void sleep(long millis) throws InterruptedException;

    /**
     * Waits on {@code condition}, whose lock the caller holds, until it is signalled or
     * {@code nanos} pass (as {@link Condition#awaitNanos(long)}).
     *
     * @return an estimate of the nanoseconds left; zero or less when the time ran out
     */
    long awaitNanos(Condition condition, long nanos) throws InterruptedException;

    /** Parks the calling thread until it is unparked or {@code nanos} pass (as {@code LockSupport.parkNanos}). */
    void parkNanos(Object blocker, long nanos);

    /**
     * Takes the head of {@code queue}, waiting up to {@code timeout} for one to arrive (as
     * {@link BlockingQueue#poll(long, TimeUnit)}).
     *
     * @return the head, or null when the time ran out first
     */
    <E> E poll(BlockingQueue<E> queue, long timeout, TimeUnit unit) throws InterruptedException;

    /** The result of {@code future}, waiting up to {@code timeout} (as {@link Future#get(long, TimeUnit)}). */
    <T> T get(Future<T> future, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * Fails {@code future} with a {@link TimeoutException} unless it completes within {@code timeout}
     * (as {@link CompletableFuture#orTimeout(long, TimeUnit)}).
     *
     * @return {@code future} itself
     */
    <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, long timeout, TimeUnit unit);

    /** Runs {@code task} on {@code executor} once {@code delay} has passed (as {@link ScheduledExecutorService}). */
    ScheduledFuture<?> schedule(ScheduledExecutorService executor, Runnable task, long delay, TimeUnit unit);

    /**
     * Runs {@code task} on {@code executor} after {@code initialDelay}, then again {@code delay} after
     * each run ends (as {@link ScheduledExecutorService#scheduleWithFixedDelay}).
     */
    ScheduledFuture<?> scheduleWithFixedDelay(ScheduledExecutorService executor, Runnable task, long initialDelay,
                                              long delay, TimeUnit unit);

    /**
     * Runs {@code task} on {@code executor} after {@code initialDelay}, then every {@code period}
     * (as {@link ScheduledExecutorService#scheduleAtFixedRate}).
     */
    ScheduledFuture<?> scheduleAtFixedRate(ScheduledExecutorService executor, Runnable task, long initialDelay,
                                           long period, TimeUnit unit);
}
