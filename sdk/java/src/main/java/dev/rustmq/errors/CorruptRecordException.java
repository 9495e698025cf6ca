package dev.rustmq.errors;

/** A record batch failed its CRC or structure check; the caller's data is rejected, nothing is stored. */
public class CorruptRecordException extends RustMqException {
    public CorruptRecordException(String message) {
        super(ErrorCode.CORRUPT_MESSAGE, message);
    }
}
