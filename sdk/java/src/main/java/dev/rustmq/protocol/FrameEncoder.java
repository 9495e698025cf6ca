package dev.rustmq.protocol;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes request and response frames (docs/protocol.md, "Frames"). Each method sizes the frame
 * first, refuses one whose length would exceed {@code maxFrameBytes} with {@code RECORD_TOO_LARGE}
 * (before allocating), and returns a new heap buffer holding exactly the frame, position 0, ready
 * to write to the transport. Record bytes are copied once, into the frame. Thread-safe.
 */
public final class FrameEncoder {
    private final int maxFrameBytes;

    public FrameEncoder(int maxFrameBytes) {
        this.maxFrameBytes = Frames.checkMaxFrameBytes(maxFrameBytes);
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** A request frame in the newest version this code speaks. */
    public ByteBuffer encodeRequest(int correlationId, RequestMessage request) {
        return encodeRequest(correlationId, request.apiKey().maxVersion(), request);
    }

    /**
     * A request frame in {@code apiVersion} (pick it with {@link ApiKey#highestCommonVersion});
     * {@code UNSUPPORTED_VERSION} if this code cannot write that version.
     */
    public ByteBuffer encodeRequest(int correlationId, short apiVersion, RequestMessage request) {
        ApiKey api = request.apiKey();
        api.checkVersion(apiVersion);
        long length = Frames.REQUEST_HEADER_BYTES + request.sizeInBytes();
        ByteBuffer frame = allocate(length, api + " request");
        frame.putInt((int) length)
                .putShort(api.id())
                .putShort(apiVersion)
                .putInt(correlationId);
        request.write(frame);
        return finish(frame);
    }

    /**
     * A request frame around a body written elsewhere, with any key and version, unchecked: for
     * forwarding and for tests that need frames this code would not write.
     */
    public ByteBuffer encodeRawRequest(short apiKeyId, short apiVersion, int correlationId, ByteBuffer body) {
        long length = Frames.REQUEST_HEADER_BYTES + (long) body.remaining();
        ByteBuffer frame = allocate(length, "request");
        frame.putInt((int) length).putShort(apiKeyId).putShort(apiVersion).putInt(correlationId).put(body.duplicate());
        return finish(frame);
    }

    /**
     * A successful frame (frame-level error NONE) carrying {@code response}, which the api's
     * outcome is in. {@code apiVersion} is the request's.
     */
    public ByteBuffer encodeResponse(int correlationId, short apiVersion, ResponseMessage response) {
        ApiKey api = response.apiKey();
        api.checkVersion(apiVersion);
        long length = Frames.MIN_RESPONSE_HEADER_BYTES + response.sizeInBytes();
        ByteBuffer frame = allocate(length, api + " response");
        frame.putInt((int) length).putInt(correlationId).putShort(ErrorCode.NONE.wireId()).putShort((short) -1);
        response.write(frame);
        return finish(frame);
    }

    /**
     * A frame-level error with an empty body: the request could not be handled as its api at all
     * (for example a {@link ProtocolException} from decoding it). A message too long for a
     * protocol string is cut short; it always fits.
     */
    public ByteBuffer encodeErrorResponse(int correlationId, ErrorCode errorCode, String errorMessage) {
        Objects.requireNonNull(errorCode, "errorCode");
        if (errorCode == ErrorCode.NONE) {
            throw new IllegalArgumentException("an error response needs an error code other than NONE");
        }
        String message = Frames.fitString(errorMessage);
        WireWriter.SizeCounter counter = WireWriter.counting();
        counter.string(message);
        long length = 4 + 2 + counter.size();
        ByteBuffer frame = ByteBuffer.allocate((int) (Frames.LENGTH_PREFIX_BYTES + length));
        frame.putInt((int) length).putInt(correlationId).putShort(errorCode.wireId());
        WireWriter.into(frame).string(message);
        return finish(frame);
    }

    private ByteBuffer allocate(long length, String what) {
        if (length > maxFrameBytes) {
            throw new ProtocolException(ErrorCode.RECORD_TOO_LARGE, what + " frame of " + length
                    + " bytes is larger than the maximum of " + maxFrameBytes + " bytes");
        }
        return ByteBuffer.allocate(Frames.LENGTH_PREFIX_BYTES + (int) length);
    }

    private static ByteBuffer finish(ByteBuffer frame) {
        if (frame.hasRemaining()) {
            throw new IllegalStateException("frame sized " + frame.capacity() + " bytes but " + frame.position()
                    + " were written");
        }
        return frame.flip();
    }
}
