package dev.rustmq.errors;

/** The controller metadata store could not be read or written. */
public class MetadataStoreException extends RustMqException {
    public MetadataStoreException(String message, Throwable cause) {
        super(ErrorCode.METADATA_STORE_UNAVAILABLE, message, cause);
    }
}
