package dev.rustmq.client;

import dev.rustmq.errors.ErrorCode;

/**
 * The connection closed (by the broker, the network or {@link RustMqClient#close()}) before the
 * request was answered. Retriable on a new connection; a produce may or may not have been appended.
 */
public class ConnectionLostException extends RustMqClientException {
    public ConnectionLostException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_SERVER_ERROR, message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
