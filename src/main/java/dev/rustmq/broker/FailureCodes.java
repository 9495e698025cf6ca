package dev.rustmq.broker;

import dev.rustmq.common.Futures;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/** The error code a client is answered with for a failure, as the dispatcher maps it: for metrics. */
final class FailureCodes {
    private FailureCodes() {
    }

    /** A {@link RustMqException}'s code (through the wrappers futures add); anything else is an internal error. */
    static ErrorCode of(Throwable error) {
        return Futures.unwrap(error) instanceof RustMqException r ? r.code() : ErrorCode.INTERNAL_ERROR;
    }
}
