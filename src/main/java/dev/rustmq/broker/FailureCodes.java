package dev.rustmq.broker;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import java.util.concurrent.CompletionException;

/** The error code a client is answered with for a failure, as the dispatcher maps it: for metrics. */
final class FailureCodes {
    private FailureCodes() {
    }

    /** A {@link RustMqException}'s code (through any CompletionException); anything else is an internal error. */
    static ErrorCode of(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof RustMqException r ? r.code() : ErrorCode.INTERNAL_ERROR;
    }
}
