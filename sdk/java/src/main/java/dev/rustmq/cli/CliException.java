package dev.rustmq.cli;

/** A failure the user can act on: printed as one line (no stack trace) with its own exit code. */
final class CliException extends RuntimeException {
    static final int FAILED = 1;
    static final int BROKER_UNREACHABLE = 3;
    static final int UNKNOWN_TOPIC = 4;

    private final int exitCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException unknownTopic(String topic) {
        return new CliException(UNKNOWN_TOPIC, "topic '" + topic + "' does not exist; create it with: rustmq topics create "
                + topic + " --partitions N");
    }
}
