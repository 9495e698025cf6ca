package dev.rustmq.metadata;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/** The controller metadata store could not be read or written. */
public class MetadataStoreException extends RustMqException {
    public MetadataStoreException(String message, Throwable cause) {
        super(ErrorCode.METADATA_STORE_UNAVAILABLE, message, cause);
    }
}
