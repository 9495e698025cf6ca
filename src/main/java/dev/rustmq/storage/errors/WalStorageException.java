package dev.rustmq.storage.errors;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/** The WAL could not write or read its files; after a write failure it accepts no more appends. */
public class WalStorageException extends RustMqException {
    public WalStorageException(String message, Throwable cause) {
        super(ErrorCode.STORAGE_ERROR, message, cause);
    }

    public WalStorageException(String message) {
        super(ErrorCode.STORAGE_ERROR, message);
    }
}
