package dev.rustmq.client;

import dev.rustmq.errors.ErrorCode;

/**
 * A request failed: the broker answered with an error code (frame or body level), the request
 * timed out on the client, or the connection was lost. {@link #errorCode()} is the broker's code
 * ({@link ErrorCode#REQUEST_TIMED_OUT} for a client-side timeout); {@link #retriable()} and
 * {@link #invalidatesMetadata()} say what a caller may do about it (docs/protocol.md, "Error codes").
 */
public class RustMqClientException extends RuntimeException {
    private final ErrorCode errorCode;

    public RustMqClientException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public RustMqClientException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode + ": " + (message == null ? errorCode.name() : message), cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Whether the same request may succeed if sent again after a back-off. */
    public boolean retriable() {
        return errorCode.retriable();
    }

    /** Whether cached metadata (leaders, controller) is probably stale. */
    public boolean invalidatesMetadata() {
        return errorCode.invalidatesMetadata();
    }
}
