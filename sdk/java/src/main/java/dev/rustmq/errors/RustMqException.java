package dev.rustmq.errors;

/** An error with a code the caller can act on; the message is safe to show to that caller. */
public class RustMqException extends RuntimeException {
    private final ErrorCode code;

    public RustMqException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public RustMqException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
