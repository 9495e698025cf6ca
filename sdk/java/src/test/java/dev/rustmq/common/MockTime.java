package dev.rustmq.common;

import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock for tests and simulations: it only moves when told to (docs/time.md).
 *
 * <ul>
 *   <li>{@link #sleep(long)} and {@link #setCurrentTimeMs(long)} advance the wall clock and the
 *       monotonic clock together; {@link #advanceNanos(long)} the monotonic clock alone. As in
 *       Kafka's MockTime, a logic thread's {@code time.sleep} moves the clock too, so a retry loop
 *       that sleeps between tries finishes at once and the test sees the time it waited.</li>
 *   <li>Timers ({@code schedule*}, {@link #orTimeout}) are due on the monotonic clock and fire, on
 *       the thread that moved the clock, once it reaches their due time; one due already (a delay of
 *       zero or less) fires when it is registered. A scheduled task is handed to its executor
 *       ({@code executor.execute(task)}), so it still runs on the thread the code expects; a
 *       fixed-delay task is armed again when its run ends, a fixed-rate task one period after its
 *       last due time; a task that throws is not run again. {@code orTimeout} fails its future with
 *       a {@link TimeoutException}. Cancelling a scheduled future, or completing a future given a
 *       timeout, removes the timer.</li>
 *   <li>Timed waits ({@link #awaitNanos}, {@link #parkNanos}, {@link #poll}, {@link #get}) end on a
 *       real signal (a signal, an unpark, an element, a result) or once this clock has passed their
 *       deadline. They block for real in short slices and look at this clock between slices, so a
 *       test that moves the clock ends them within a slice; {@code awaitNanos} and {@code parkNanos}
 *       return after one slice at most, as a spurious wake-up (their callers re-check in a loop).
 *       A wait measures its deadline from the clock when it starts: a test moves the clock once
 *       the waiting thread waits (its state is {@code TIMED_WAITING}), and a caller loops on an
 *       absolute deadline, not on what {@code awaitNanos} returned (a move between two calls would
 *       be lost).</li>
 * </ul>
 */
public final class MockTime implements Time {
    /** How long a timed wait blocks for real before it looks at this clock again. */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong milliseconds;
    private final AtomicLong nanoseconds;
    private final AtomicLong timerSequence = new AtomicLong();
    /** Armed timers, earliest due first; guarded by itself. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos - b.dueNanos, 0) : Long.compare(a.sequence, b.sequence));
    /** True while this thread fires timers: a timer armed meanwhile is left to that loop, not fired recursively. */
    private final ThreadLocal<Boolean> firing = ThreadLocal.withInitial(() -> false);

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

    /** Advances both clocks by {@code ms} without blocking, firing the timers that become due. */
    @Override
    public void sleep(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("cannot sleep a negative time: " + ms);
        }
        milliseconds.addAndGet(ms);
        nanoseconds.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        fireDueTimers();
    }

    /** Moves the wall clock to {@code ms} (forwards only); the monotonic clock advances by the same amount. */
    public void setCurrentTimeMs(long ms) {
        long delta = ms - milliseconds.get();
        if (delta < 0) {
            throw new IllegalArgumentException("the clock only moves forwards: " + ms + " < " + milliseconds.get());
        }
        sleep(delta);
    }

    /** Advances only the monotonic clock, for code that measures sub-millisecond durations; fires due timers. */
    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot go back in time: " + nanos);
        }
        nanoseconds.addAndGet(nanos);
        fireDueTimers();
    }

    /** Timers armed and not yet fired or cancelled (scheduled tasks and timeouts). */
    public int pendingTimers() {
        synchronized (timers) {
            return timers.size();
        }
    }

    @Override
    public long awaitNanos(Condition condition, long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return nanos;
        }
        long deadline = nanoseconds() + nanos;
        // One slice, then back to the caller, who re-checks its condition: a signal that arrived late in
        // the slice may leave the JDK's estimate at zero, and waiting on would lose it.
        condition.awaitNanos(WAIT_SLICE_NANOS);
        return deadline - nanoseconds();
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(blocker, WAIT_SLICE_NANOS);
        }
    }

    @Override
    public <E> E poll(BlockingQueue<E> queue, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = nanoseconds() + unit.toNanos(timeout);
        while (true) {
            boolean expired = deadline - nanoseconds() <= 0;
            E head = expired ? queue.poll() : queue.poll(WAIT_SLICE_NANOS, TimeUnit.NANOSECONDS);
            if (head != null || expired) {
                return head;
            }
        }
    }

    @Override
    public <T> T get(Future<T> future, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = nanoseconds() + unit.toNanos(timeout);
        while (true) {
            boolean expired = deadline - nanoseconds() <= 0;
            try {
                return future.get(expired ? 0 : WAIT_SLICE_NANOS, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (expired) {
                    throw e;
                }
            }
        }
    }

    @Override
    public <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, long timeout, TimeUnit unit) {
        if (!future.isDone()) {
            Timer timer = new Timer(null, () -> future.completeExceptionally(new TimeoutException()),
                    unit.toNanos(timeout), 0);
            future.whenComplete((result, error) -> timer.cancel(false));
            arm(timer);
        }
        return future;
    }

    @Override
    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Runnable task, long delay, TimeUnit unit) {
        return arm(new Timer(executor, task, unit.toNanos(delay), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(ScheduledExecutorService executor, Runnable task,
                                                     long initialDelay, long delay, TimeUnit unit) {
        return arm(new Timer(executor, task, unit.toNanos(initialDelay), -positive(unit.toNanos(delay))));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(ScheduledExecutorService executor, Runnable task,
                                                  long initialDelay, long period, TimeUnit unit) {
        return arm(new Timer(executor, task, unit.toNanos(initialDelay), positive(unit.toNanos(period))));
    }

    private static long positive(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("a repeating task needs a positive delay or period: " + nanos + " ns");
        }
        return nanos;
    }

    private Timer arm(Timer timer) {
        synchronized (timers) {
            if (!timer.isDone()) {
                timers.add(timer);
            }
        }
        fireDueTimers();
        return timer;
    }

    private void fireDueTimers() {
        if (firing.get()) {
            return;
        }
        firing.set(true);
        try {
            Timer due;
            while ((due = nextDue()) != null) {
                due.fire();
            }
        } finally {
            firing.set(false);
        }
    }

    private Timer nextDue() {
        synchronized (timers) {
            Timer first = timers.peek();
            return first == null || first.dueNanos - nanoseconds() > 0 ? null : timers.poll();
        }
    }

    /** A scheduled task or a timeout: fires when the clock reaches its due time. */
    private final class Timer implements ScheduledFuture<Object> {
        private final long sequence = timerSequence.incrementAndGet();
        /** Null for a timeout, which completes its future on the thread that moved the clock. */
        private final Executor executor;
        private final Runnable task;
        /** Zero: once; positive: a fixed rate; negative: a fixed delay after each run. */
        private final long periodNanos;
        private final CompletableFuture<Object> done = new CompletableFuture<>();
        /** Written only while the timer is not armed. */
        private volatile long dueNanos;

        Timer(Executor executor, Runnable task, long delayNanos, long periodNanos) {
            this.executor = executor;
            this.task = task;
            this.periodNanos = periodNanos;
            this.dueNanos = nanoseconds() + delayNanos;
        }

        void fire() {
            if (done.isDone()) {
                return;
            }
            if (executor == null) {
                run();
                return;
            }
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                done.completeExceptionally(e);
            }
        }

        private void run() {
            if (done.isDone()) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                done.completeExceptionally(t);
                return;
            }
            if (periodNanos == 0) {
                done.complete(null);
            } else if (!done.isDone()) {
                dueNanos = periodNanos > 0 ? dueNanos + periodNanos : nanoseconds() - periodNanos;
                arm(this);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nanoseconds(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = done.cancel(mayInterruptIfRunning);
            synchronized (timers) {
                timers.remove(this);
            }
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return done.isCancelled();
        }

        @Override
        public boolean isDone() {
            return done.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return done.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            return MockTime.this.get(done, timeout, unit);
        }
    }
}
