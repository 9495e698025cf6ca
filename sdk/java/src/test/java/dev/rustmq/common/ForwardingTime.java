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
 * A clock that forwards every call to another, for tests that watch or change one kind of wait
 * (record the sleeps of a retry loop, interrupt one) and leave the rest to a {@link MockTime}.
 */
public class ForwardingTime implements Time {
    protected final Time delegate;

    public ForwardingTime(Time delegate) {
        this.delegate = delegate;
    }

    @Override
    public long milliseconds() {
        return delegate.milliseconds();
    }

    @Override
    public long nanoseconds() {
        return delegate.nanoseconds();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        delegate.sleep(millis);
    }

    @Override
    public long awaitNanos(Condition condition, long nanos) throws InterruptedException {
        return delegate.awaitNanos(condition, nanos);
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        delegate.parkNanos(blocker, nanos);
    }

    @Override
    public <E> E poll(BlockingQueue<E> queue, long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.poll(queue, timeout, unit);
    }

    @Override
    public <T> T get(Future<T> future, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.get(future, timeout, unit);
    }

    @Override
    public <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, long timeout, TimeUnit unit) {
        return delegate.orTimeout(future, timeout, unit);
    }

    @Override
    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Runnable task, long delay, TimeUnit unit) {
        return delegate.schedule(executor, task, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(ScheduledExecutorService executor, Runnable task,
                                                     long initialDelay, long delay, TimeUnit unit) {
        return delegate.scheduleWithFixedDelay(executor, task, initialDelay, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(ScheduledExecutorService executor, Runnable task,
                                                  long initialDelay, long period, TimeUnit unit) {
        return delegate.scheduleAtFixedRate(executor, task, initialDelay, period, unit);
    }
}
