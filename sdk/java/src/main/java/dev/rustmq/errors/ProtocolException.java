package dev.rustmq.errors;

/**
 * Bytes on the wire that do not form a valid frame or message of the protocol, or ask for an api
 * key or version the reader does not support. The code is {@link ErrorCode#INVALID_REQUEST}
 * (malformed), {@link ErrorCode#RECORD_TOO_LARGE} (a frame over the size limit) or
 * {@link ErrorCode#UNSUPPORTED_VERSION}; the message says what is wrong and is safe to send back
 * to the peer that sent the bytes.
 */
public class ProtocolException extends RustMqException {
    public ProtocolException(ErrorCode code, String message) {
        super(code, message);
    }

    /** A malformed frame or message. */
    public static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.INVALID_REQUEST, message);
    }
}
