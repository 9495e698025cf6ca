package dev.rustmq.storage.errors;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/**
 * A segment object read back from object storage does not match its checksums or its index: the
 * read fails rather than serve bytes that may be wrong. Not retriable from the same object.
 */
public class CorruptSegmentException extends RustMqException {
    public CorruptSegmentException(String message) {
        super(ErrorCode.STORAGE_ERROR, message);
    }
}
