package dev.rustmq.protocol;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import java.nio.ByteBuffer;

/**
 * One response as the {@link FrameDecoder} cut it from the stream. {@code errorCode} is the
 * frame-level outcome: anything but {@link ErrorCode#NONE} means the broker could not handle the
 * request as its api at all (malformed, unsupported version, too large) and the body is empty.
 * Otherwise the body is the api's response, which the caller decodes knowing, from the
 * correlation id, which api and version it asked for.
 */
public record ResponseFrame(int correlationId, ErrorCode errorCode, String errorMessage, ByteBuffer body) {
    /** A new view of the body (position 0); the frame's own is never moved. */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /** Throws a {@link RustMqException} with the frame-level error, if there is one. */
    public ResponseFrame throwIfError() {
        if (errorCode != ErrorCode.NONE) {
            throw new RustMqException(errorCode, errorMessage == null ? errorCode.name() : errorMessage);
        }
        return this;
    }
}
