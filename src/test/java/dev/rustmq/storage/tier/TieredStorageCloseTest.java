package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.storage.wal.ForwardingWriteAheadLog;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Closing tiered storage lets a WAL trim in progress finish: an interrupt would close a file WAL's
 * channel under its checkpoint write (ClosedByInterruptException).
 */
class TieredStorageCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void closeWaitsForARunningTrimInsteadOfInterruptingIt() throws Exception {
        BlockingTrimWal wal = new BlockingTrimWal(new MemoryWriteAheadLog(64L << 20));
        int batchSize = producerBatch("x", 10, 100).remaining();
        TierHarness h = new TierHarness(TierOptions.defaults(batchSize, 600_000), wal,
                new MemoryMetadataStore(), new FaultyObjectStore(), 8L << 20, new MockTime());
        try {
            h.logs.append(ORDERS_0, producerBatch("x", 10, 100), 0).join();
            h.check();
            assertThat(wal.inTrim.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the upload's trim started").isTrue();

            Thread[] closer = new Thread[1];
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                closer[0] = Thread.currentThread();
                h.tier.close();
            });
            await("close() waits for the tiering thread (or returned)").atMost(WAIT).until(() -> closed.isDone()
                    || closer[0] != null && closer[0].getState() == Thread.State.TIMED_WAITING);
            wal.release.countDown();
            closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(wal.interrupted).as("the trim was interrupted").isFalse();
            assertThat(wal.startOffset()).as("the trim completed").isPositive();
        } finally {
            wal.release.countDown();
            h.logs.close();
        }
    }

    /** A WAL whose first trim waits to be released, noting whether it was interrupted meanwhile. */
    private static final class BlockingTrimWal extends ForwardingWriteAheadLog {
        final CountDownLatch inTrim = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean interrupted;
        private final AtomicBoolean first = new AtomicBoolean(true);

        BlockingTrimWal(WriteAheadLog delegate) {
            super(delegate);
        }

        @Override
        public void trim(long offset) {
            if (first.getAndSet(false)) {
                inTrim.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            super.trim(offset);
        }
    }
}
