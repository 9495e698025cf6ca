package dev.rustmq.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockTimeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Runs what it is handed on the calling thread, so timer tests need no other thread. */
    private final ScheduledExecutorService callingThread = new ScheduledThreadPoolExecutor(1) {
        @Override
        public void execute(Runnable command) {
            command.run();
        }
    };
    private final ExecutorService waiters = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callingThread.shutdownNow();
        waiters.shutdownNow();
    }

    /** Runs {@code wait} on another thread and returns once that thread waits (so it took its deadline). */
    private <T> Future<T> waiting(Callable<T> wait) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Future<T> result = waiters.submit(() -> {
            thread.set(Thread.currentThread());
            return wait.call();
        });
        await().atMost(WAIT).until(() -> thread.get() != null && thread.get().getState() == Thread.State.TIMED_WAITING);
        return result;
    }

    @Test
    void standsStillUntilTold() {
        MockTime time = new MockTime(1_000, 2_000);
        assertThat(time.milliseconds()).isEqualTo(1_000);
        assertThat(time.nanoseconds()).isEqualTo(2_000);
        assertThat(time.milliseconds()).isEqualTo(1_000);
    }

    @Test
    void sleepAdvancesBothClocks() {
        MockTime time = new MockTime(1_000, 0);
        time.sleep(250);
        assertThat(time.milliseconds()).isEqualTo(1_250);
        assertThat(time.nanoseconds()).isEqualTo(250_000_000L);
    }

    @Test
    void setCurrentTimeMovesForwardOnly() {
        MockTime time = new MockTime(1_000, 0);
        time.setCurrentTimeMs(3_000);
        assertThat(time.milliseconds()).isEqualTo(3_000);
        assertThat(time.nanoseconds()).isEqualTo(2_000_000_000L);
        assertThatThrownBy(() -> time.setCurrentTimeMs(2_999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> time.sleep(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nanosCanAdvanceAlone() {
        MockTime time = new MockTime(1_000, 0);
        time.advanceNanos(999_999);
        assertThat(time.nanoseconds()).isEqualTo(999_999);
        assertThat(time.milliseconds()).isEqualTo(1_000);
    }

    @Test
    void aScheduledTaskRunsOnceTheClockReachesItsDueTime() {
        MockTime time = new MockTime();
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> future = time.schedule(callingThread, runs::incrementAndGet, 100, TimeUnit.MILLISECONDS);
        assertThat(future.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(100);

        time.sleep(99);
        assertThat(runs).hasValue(0);
        assertThat(future.isDone()).isFalse();
        time.advanceNanos(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(runs).hasValue(1);
        assertThat(future.isDone()).isTrue();
        time.sleep(1_000);
        assertThat(runs).hasValue(1);
        assertThat(time.pendingTimers()).isZero();
    }

    @Test
    void aTaskDueAtOnceRunsWhenScheduled() {
        MockTime time = new MockTime();
        AtomicInteger runs = new AtomicInteger();
        time.schedule(callingThread, runs::incrementAndGet, 0, TimeUnit.MILLISECONDS);
        assertThat(runs).hasValue(1);
    }

    @Test
    void scheduledTasksRunOnTheirExecutorsThread() throws Exception {
        MockTime time = new MockTime();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "owner"));
        try {
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            time.schedule(executor, () -> ranOn.complete(Thread.currentThread().getName()), 5, TimeUnit.SECONDS);
            time.sleep(5_000);
            assertThat(ranOn.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("owner");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aFixedDelayTaskIsArmedAgainWhenItsRunEnds() {
        MockTime time = new MockTime();
        List<Long> runsAt = new ArrayList<>();
        long start = time.milliseconds();
        time.scheduleWithFixedDelay(callingThread, () -> runsAt.add(time.milliseconds() - start), 10, 50,
                TimeUnit.MILLISECONDS);
        for (int i = 0; i < 20; i++) {
            time.sleep(10);
        }
        assertThat(runsAt).containsExactly(10L, 60L, 110L, 160L);
    }

    @Test
    void aFixedRateTaskCatchesUpWhenTheClockJumps() {
        MockTime time = new MockTime();
        AtomicInteger runs = new AtomicInteger();
        time.scheduleAtFixedRate(callingThread, runs::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        assertThat(runs).hasValue(1);
        time.sleep(35);
        assertThat(runs).hasValue(4);
        assertThatThrownBy(() -> time.scheduleAtFixedRate(callingThread, runs::incrementAndGet, 0, 0,
                TimeUnit.MILLISECONDS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCancelledTaskNeverRuns() {
        MockTime time = new MockTime();
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> repeating = time.scheduleWithFixedDelay(callingThread, runs::incrementAndGet, 10, 10,
                TimeUnit.MILLISECONDS);
        time.sleep(10);
        time.sleep(10);
        assertThat(runs).hasValue(2);
        assertThat(repeating.cancel(false)).isTrue();
        time.sleep(1_000);
        assertThat(runs).hasValue(2);
        assertThat(repeating.isCancelled()).isTrue();
        assertThat(time.pendingTimers()).isZero();
    }

    @Test
    void aTaskThatThrowsIsNotRunAgain() {
        MockTime time = new MockTime();
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> future = time.scheduleWithFixedDelay(callingThread, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        }, 10, 10, TimeUnit.MILLISECONDS);
        time.sleep(100);
        assertThat(runs).hasValue(1);
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void orTimeoutFailsTheFutureOnceTheClockPassesTheTimeout() {
        MockTime time = new MockTime();
        CompletableFuture<String> late = time.orTimeout(new CompletableFuture<>(), 1, TimeUnit.SECONDS);
        time.sleep(999);
        assertThat(late).isNotDone();
        time.sleep(1);
        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::join).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aFutureThatCompletesInTimeKeepsItsResultAndDropsItsTimer() {
        MockTime time = new MockTime();
        CompletableFuture<String> onTime = time.orTimeout(new CompletableFuture<>(), 1, TimeUnit.SECONDS);
        assertThat(time.pendingTimers()).isOne();
        onTime.complete("done");
        assertThat(time.pendingTimers()).isZero();
        time.sleep(5_000);
        assertThat(onTime).isCompletedWithValue("done");
    }

    @Test
    void pollReturnsAnElementThatArrives() throws Exception {
        MockTime time = new MockTime();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        var polled = waiters.submit(() -> time.poll(queue, 1, TimeUnit.HOURS));
        queue.add("x");
        assertThat(polled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("x");
    }

    @Test
    void pollGivesUpOnlyOnceTheMockClockPassesTheDeadline() throws Exception {
        MockTime time = new MockTime();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Future<String> polled = waiting(() -> time.poll(queue, 100, TimeUnit.MILLISECONDS));
        assertThat(polled.isDone()).isFalse();
        time.sleep(100);
        assertThat(polled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
        assertThat(time.poll(queue, 0, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void getTimesOutOnTheMockClockAndReturnsAResultThatArrives() throws Exception {
        MockTime time = new MockTime();
        CompletableFuture<String> never = new CompletableFuture<>();
        Future<String> waited = waiting(() -> time.get(never, 1, TimeUnit.SECONDS));
        time.sleep(1_000);
        assertThatThrownBy(() -> waited.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);

        CompletableFuture<String> soon = new CompletableFuture<>();
        var got = waiters.submit(() -> time.get(soon, 1, TimeUnit.HOURS));
        soon.complete("result");
        assertThat(got.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("result");
    }

    @Test
    void awaitNanosEndsOnASignalOrOnceTheMockClockPassesTheDeadline() throws Exception {
        MockTime time = new MockTime();
        ReentrantLock lock = new ReentrantLock();
        Condition condition = lock.newCondition();
        Future<Long> expired = waiting(() -> {
            lock.lock();
            try {
                long deadline = time.nanoseconds() + TimeUnit.SECONDS.toNanos(1);
                long left;
                while ((left = deadline - time.nanoseconds()) > 0) {
                    time.awaitNanos(condition, left);
                }
                return left;
            } finally {
                lock.unlock();
            }
        });
        time.sleep(1_000);
        assertThat(expired.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isLessThanOrEqualTo(0L);

        boolean[] signalled = {false};
        var woken = waiters.submit(() -> {
            lock.lock();
            try {
                while (!signalled[0]) {
                    time.awaitNanos(condition, TimeUnit.HOURS.toNanos(1));
                }
                return time.awaitNanos(condition, 0);
            } finally {
                lock.unlock();
            }
        });
        lock.lock();
        try {
            signalled[0] = true;
            condition.signalAll();
        } finally {
            lock.unlock();
        }
        assertThat(woken.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    @Test
    void parkNanosNeitherMovesTheClockNorBlocksUntilItsDeadline() {
        MockTime time = new MockTime(1_000, 0);
        time.parkNanos(this, 0);
        time.parkNanos(this, TimeUnit.HOURS.toNanos(1));
        assertThat(time.nanoseconds()).isZero();
        assertThat(time.milliseconds()).isEqualTo(1_000);
    }
}
