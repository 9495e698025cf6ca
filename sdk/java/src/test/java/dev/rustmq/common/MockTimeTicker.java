package dev.rustmq.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves a {@link MockTime} forward by a step every real millisecond, for stress tests where many
 * threads wait on timers and timeouts at once (retries, checks, room in a full WAL) and no single
 * test thread could say when the clock should move. Deterministic tests move the clock themselves.
 */
public final class MockTimeTicker implements AutoCloseable {
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mock-time-ticker");
        t.setDaemon(true);
        return t;
    });

    private MockTimeTicker(MockTime time, long stepMs) {
        thread.scheduleAtFixedRate(() -> time.sleep(stepMs), 1, 1, TimeUnit.MILLISECONDS);
    }

    /** Starts moving {@code time} by {@code stepMs} per real millisecond. */
    public static MockTimeTicker start(MockTime time, long stepMs) {
        return new MockTimeTicker(time, stepMs);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
