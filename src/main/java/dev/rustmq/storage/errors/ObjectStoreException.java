package dev.rustmq.storage.errors;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/**
 * An object store call failed. {@link #retriable()} says whether the same call may succeed later
 * (network, 5xx, timeouts); {@link #throttled()} that the store asked us to slow down (S3 503
 * SlowDown, 429), which callers answer by lowering their rate rather than failing.
 */
public class ObjectStoreException extends RustMqException {
    private final boolean retriable;
    private final boolean throttled;

    public ObjectStoreException(String message, boolean retriable, boolean throttled, Throwable cause) {
        super(ErrorCode.STORAGE_ERROR, message, cause);
        this.retriable = retriable;
        this.throttled = throttled;
    }

    public static ObjectStoreException retriable(String message, Throwable cause) {
        return new ObjectStoreException(message, true, false, cause);
    }

    public static ObjectStoreException throttled(String message, Throwable cause) {
        return new ObjectStoreException(message, true, true, cause);
    }

    public static ObjectStoreException permanent(String message, Throwable cause) {
        return new ObjectStoreException(message, false, false, cause);
    }

    public boolean retriable() {
        return retriable;
    }

    public boolean throttled() {
        return throttled;
    }
}
