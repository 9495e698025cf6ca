package dev.rustmq.errors;

/** A fetch asked for an offset below the log start or above the high watermark. */
public class OffsetOutOfRangeException extends RustMqException {
    public OffsetOutOfRangeException(String message) {
        super(ErrorCode.OFFSET_OUT_OF_RANGE, message);
    }
}
