package dev.rustmq.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What the futures of client and server hand back on failure, unwrapped once for everyone. */
public final class Futures {
    private Futures() {
    }

    /**
     * The failure itself: {@code error} without the {@link CompletionException} and
     * {@link ExecutionException} layers that {@code CompletableFuture} stages and {@code get}/
     * {@code join} wrap around it (any number of them). A wrapper without a cause is returned as it is.
     */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
