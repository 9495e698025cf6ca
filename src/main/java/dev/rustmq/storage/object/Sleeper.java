package dev.rustmq.storage.object;

import java.util.concurrent.TimeUnit;

/** How retries wait; injected so tests advance a MockTime instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = millis -> TimeUnit.MILLISECONDS.sleep(millis);

    void sleep(long millis) throws InterruptedException;
}
