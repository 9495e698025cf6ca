package dev.rustmq.bench;

/** A failure the user can act on: printed as one line (no stack trace), exit code 1. */
final class BenchException extends RuntimeException {
    static final int FAILED = 1;

    private final int exitCode;

    BenchException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    BenchException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
