package dev.rustmq.storage.object;

/** Told each time a {@link RetryingObjectStore} tries a call again (for metrics); must be cheap and not throw. */
@FunctionalInterface
public interface RetryListener {
    RetryListener NONE = (operation, throttled) -> {
    };

    /** {@code operation} ("put", "get", "getRange", "list", "delete") failed and is tried again. */
    void retried(String operation, boolean throttled);
}
