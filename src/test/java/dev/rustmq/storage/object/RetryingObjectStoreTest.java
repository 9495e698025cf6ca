package dev.rustmq.storage.object;

import static dev.rustmq.storage.object.FaultInjectingObjectStore.permanent;
import static dev.rustmq.storage.object.FaultInjectingObjectStore.retriable;
import static dev.rustmq.storage.object.FaultInjectingObjectStore.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.ForwardingTime;
import dev.rustmq.common.MockTime;
import dev.rustmq.storage.errors.ObjectNotFoundException;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, back-off and throttling on a fault-injecting store; time is a MockTime its sleeps advance. */
class RetryingObjectStoreTest {
    private static final RetryPolicy POLICY = new RetryPolicy(4, 100, 1_000, 60_000);

    private final MockTime time = new MockTime();
    private final List<Long> slept = new CopyOnWriteArrayList<>();
    private final ForwardingTime recordingSleeps = new ForwardingTime(time) {
        @Override
        public void sleep(long ms) {
            slept.add(ms);
            time.sleep(ms);
        }
    };
    private final FaultInjectingObjectStore faulty = new FaultInjectingObjectStore();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private RetryingObjectStore store(RetryPolicy policy, int maxWrites) {
        return new RetryingObjectStore(faulty, policy, maxWrites, recordingSleeps, new Random(42));
    }

    private static ByteBuffer data() {
        return ByteBuffer.wrap(new byte[] {1, 2, 3});
    }

    @Test
    void retriableFailuresAreRetriedWithGrowingJitteredWaits() {
        RetryingObjectStore store = store(POLICY, 4);
        faulty.failNext(3, retriable());

        store.put("k", data());

        assertThat(faulty.calls()).isEqualTo(4);
        assertThat(store.get("k").remaining()).isEqualTo(3);
        assertThat(slept).hasSize(3);
        assertThat(slept.get(0)).isBetween(0L, 100L);
        assertThat(slept.get(1)).isBetween(0L, 200L);
        assertThat(slept.get(2)).isBetween(0L, 400L);
        assertThat(store.retries()).isEqualTo(3);
    }

    @Test
    void aCallGivesUpAfterMaxAttemptsWithTheLastErrorAsCause() {
        RetryingObjectStore store = store(POLICY, 4);
        faulty.failNext(10, retriable());

        assertThatThrownBy(() -> store.get("k"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.throttled()).isFalse();
                    assertThat(e.getCause()).hasMessageContaining("injected: connection reset");
                })
                .hasMessageContaining("get 'k' on fault-injecting memory failed 4 times");
        assertThat(faulty.calls()).isEqualTo(4);
        assertThat(slept).hasSize(3);
    }

    @Test
    void whatARetryCannotFixFailsAtOnce() {
        RetryingObjectStore store = store(POLICY, 4);
        assertThatThrownBy(() -> store.get("missing")).isInstanceOf(ObjectNotFoundException.class);
        faulty.failNext(1, permanent());
        assertThatThrownBy(() -> store.put("k", data())).hasMessage("injected: 403 AccessDenied");
        faulty.failNext(1, () -> new IllegalStateException("a bug"));
        assertThatThrownBy(() -> store.list("")).isInstanceOf(IllegalStateException.class);

        assertThat(faulty.calls()).isEqualTo(3);
        assertThat(slept).isEmpty();
        store.put("k", data()); // no permit leaked by the failures
    }

    @Test
    void retriesStopBeforeTheTimeoutWouldPass() {
        RetryingObjectStore store = store(new RetryPolicy(1_000, 100, 1_000, 3_000), 4);
        faulty.failNext(1_000, retriable());
        long start = time.milliseconds();

        assertThatThrownBy(() -> store.delete("k")).isInstanceOf(ObjectStoreException.class);

        assertThat(time.milliseconds() - start).isLessThanOrEqualTo(3_000);
        assertThat(faulty.calls()).isGreaterThan(3);
    }

    @Test
    void throttlingSlowsACallDownWithoutFailingIt() {
        RetryingObjectStore store = store(new RetryPolicy(2, 100, 1_000, 60_000), 8);
        faulty.failNext(6, throttled());

        store.put("k", data());

        assertThat(faulty.calls()).isEqualTo(7);
        assertThat(store.throttles()).isEqualTo(6);
        // At least half of each ceiling: 100, 200, 400, 800, 1000, 1000.
        long[] floors = {50, 100, 200, 400, 500, 500};
        for (int i = 0; i < floors.length; i++) {
            assertThat(slept.get(i)).isGreaterThanOrEqualTo(floors[i]);
        }
    }

    @Test
    void throttlingHalvesTheSharedWriteLimitAndSuccessesRaiseItAgain() {
        RetryingObjectStore store = store(POLICY, 8);
        faulty.failNext(3, throttled());
        store.put("k", data());
        // 8 -> 4 -> 2 -> 1, then the success adds 1/1.
        assertThat(store.writeLimit()).isEqualTo(2);
        assertThat(store.readLimit()).isEqualTo(RetryingObjectStore.MAX_CONCURRENT_READS);

        for (int i = 0; i < 100; i++) {
            store.put("k", data());
        }
        assertThat(store.writeLimit()).isEqualTo(8);
    }

    @Test
    void endlessThrottlingStillEndsAtTheTimeout() {
        RetryingObjectStore store = store(new RetryPolicy(2, 100, 1_000, 10_000), 4);
        faulty.failNext(10_000, throttled());

        assertThatThrownBy(() -> store.put("k", data()))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.throttled()).isTrue())
                .hasMessageContaining("(throttled), giving up");
        assertThat(time.milliseconds() - new MockTime().milliseconds()).isBetween(5_000L, 10_000L);
    }

    @Test
    void afterThrottlingFewerWritesRunAtOnceButReadsAreNotHeldBack() throws Exception {
        RetryingObjectStore store = store(POLICY, 8);
        faulty.failNext(3, throttled());
        store.put("warm", data());
        assertThat(store.writeLimit()).isEqualTo(2);

        java.util.concurrent.atomic.AtomicInteger putsInside = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        faulty.duringCall(op -> {
            if (op.equals("put")) {
                putsInside.incrementAndGet();
                awaitLatch(release);
            }
        });
        List<CompletableFuture<Void>> puts = new java.util.ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            puts.add(CompletableFuture.runAsync(() -> store.put(key, data()), threads));
        }
        await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> putsInside.get() == 2 && store.writesWaiting() == 1);
        CompletableFuture<List<ObjectInfo>> read = CompletableFuture.supplyAsync(() -> store.list(""), threads);

        await().atMost(java.time.Duration.ofSeconds(10)).until(read::isDone);
        assertThat(putsInside).hasValue(2); // the third put waits for a permit, not inside the store
        assertThat(puts).filteredOn(CompletableFuture::isDone).isEmpty();
        release.countDown();
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(putsInside).hasValue(3);
        assertThat(faulty.maxInFlight()).isEqualTo(3); // two puts and the list
        assertThat(store.list("").stream().map(ObjectInfo::key)).contains("a", "b", "c");
    }

    @Test
    void anInterruptDuringTheWaitStopsTheCallAndKeepsTheInterrupt() {
        RetryingObjectStore store = new RetryingObjectStore(faulty, POLICY, 4, new ForwardingTime(time) {
            @Override
            public void sleep(long ms) throws InterruptedException {
                throw new InterruptedException();
            }
        }, new Random(1));
        faulty.failNext(1, retriable());

        assertThatThrownBy(() -> store.get("k"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("interrupted while waiting to retry");
        assertThat(Thread.interrupted()).isTrue();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
