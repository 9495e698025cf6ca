package dev.rustmq.storage.errors;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/** The WAL stayed full (data not yet uploaded) for the whole append timeout; nothing was written. */
public class WalFullException extends RustMqException {
    public WalFullException(String message) {
        super(ErrorCode.WAL_FULL, message);
    }
}
