package dev.rustmq.protocol;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Cuts frames out of a byte stream that arrives in pieces of any size (one byte at a time works).
 * Feed it whatever the transport read with {@link #decode}; it returns each frame once all its
 * bytes are in, as a buffer of its own (the input is copied, so the transport may reuse it).
 *
 * <p>The length prefix is checked as soon as its four bytes arrive, before any of the body is
 * buffered: below the header size is {@code INVALID_REQUEST}, above {@code maxFrameBytes}
 * {@code RECORD_TOO_LARGE}. Nor does an accepted length allocate its size up front: the body
 * buffer grows with the bytes that actually arrive (at most twice those, plus 64 KiB), so a peer
 * that claims a large frame and stalls holds little memory.
 *
 * <p>A framing error leaves the stream with no way to find the next frame: the decoder stays
 * failed and rethrows it, and the transport answers with an error frame for
 * {@link Frames#UNKNOWN_CORRELATION_ID} and closes. A response whose header does not parse is
 * a framing-intact error: that frame is dropped and the next can still be decoded.
 *
 * <p>Not thread-safe: one decoder per connection (TCP) or stream (QUIC).
 */
public final class FrameDecoder<F> {
    /** The first body allocation when the frame's bytes have not all arrived yet. */
    static final int INITIAL_BODY_CAPACITY = 64 * 1024;

    private final String kind;
    private final int minFrameBytes;
    private final int maxFrameBytes;
    private final Function<ByteBuffer, F> parser;

    private int prefixBytesRead;
    private int prefix;
    private int frameLength = -1;
    private ByteBuffer body;
    private ProtocolException failure;

    private FrameDecoder(String kind, int minFrameBytes, int maxFrameBytes, Function<ByteBuffer, F> parser) {
        this.kind = kind;
        this.minFrameBytes = minFrameBytes;
        this.maxFrameBytes = Frames.checkMaxFrameBytes(maxFrameBytes);
        this.parser = parser;
    }

    /** A decoder of request frames (the server side). */
    public static FrameDecoder<RequestFrame> forRequests(int maxFrameBytes) {
        return new FrameDecoder<>("request", Frames.REQUEST_HEADER_BYTES, maxFrameBytes, FrameDecoder::parseRequest);
    }

    /** A decoder of response frames (the client side). */
    public static FrameDecoder<ResponseFrame> forResponses(int maxFrameBytes) {
        return new FrameDecoder<>("response", Frames.MIN_RESPONSE_HEADER_BYTES, maxFrameBytes,
                FrameDecoder::parseResponse);
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the next frame and returns it, or consumes
     * all of {@code in} and returns null if the frame is not complete yet. Call again while it
     * returns frames: bytes after a frame's end are left in {@code in}.
     *
     * @throws ProtocolException on a bad length (and on every later call), or if a response
     *     header does not parse
     */
    public F decode(ByteBuffer in) {
        if (failure != null) {
            throw failure;
        }
        while (frameLength < 0) {
            if (!in.hasRemaining()) {
                return null;
            }
            prefix = (prefix << 8) | (in.get() & 0xFF);
            if (++prefixBytesRead == Frames.LENGTH_PREFIX_BYTES) {
                checkLength(prefix);
                frameLength = prefix;
            }
        }
        if (body == null) {
            if (!in.hasRemaining()) {
                return null;
            }
            // All of it here: one exact allocation. Otherwise start small and grow with what arrives.
            int capacity = in.remaining() >= frameLength
                    ? frameLength
                    : Math.min(frameLength, Math.max(INITIAL_BODY_CAPACITY, in.remaining()));
            body = ByteBuffer.allocate(capacity);
        }
        int take = Math.min(in.remaining(), frameLength - body.position());
        ensureCapacity(body.position() + take);
        body.put(body.position(), in, in.position(), take);
        body.position(body.position() + take);
        in.position(in.position() + take);
        if (body.position() < frameLength) {
            return null;
        }
        ByteBuffer complete = body.flip();
        reset();
        return parser.apply(complete);
    }

    /** Decodes every complete frame in {@code in}, consuming all of it (a partial frame stays buffered). */
    public List<F> decodeAll(ByteBuffer in) {
        List<F> frames = new ArrayList<>();
        F frame;
        while ((frame = decode(in)) != null) {
            frames.add(frame);
        }
        return frames;
    }

    /** True when no part of a frame is buffered: the stream may end here. */
    public boolean isBetweenFrames() {
        return failure == null && prefixBytesRead == 0;
    }

    /**
     * The transport saw the end of the stream (QUIC FIN, TCP EOF): {@code INVALID_REQUEST} if it
     * cut a frame short.
     */
    public void endOfInput() {
        if (failure != null) {
            throw failure;
        }
        if (prefixBytesRead > 0) {
            String got = frameLength < 0
                    ? prefixBytesRead + " of the 4 length bytes"
                    : (body == null ? 0 : body.position()) + " of " + frameLength + " bytes";
            throw fail(ProtocolException.invalid("the stream ended inside a " + kind + " frame: got " + got));
        }
    }

    /** Capacity of the body buffer now held (for tests of the allocation bound). */
    int allocatedBytes() {
        return body == null ? 0 : body.capacity();
    }

    private void checkLength(int length) {
        if (length < minFrameBytes) {
            throw fail(ProtocolException.invalid(kind + " frame length " + length + " is "
                    + (length < 0 ? "negative" : "smaller than the " + minFrameBytes + "-byte header")
                    + (looksLikeText(length) ? " (the bytes look like text: is the peer speaking this protocol?)" : "")));
        }
        if (length > maxFrameBytes) {
            throw fail(new ProtocolException(ErrorCode.RECORD_TOO_LARGE, kind + " frame of " + length
                    + " bytes is larger than the maximum of " + maxFrameBytes + " bytes"
                    + (looksLikeText(length) ? " (the bytes look like text: is the peer speaking this protocol?)" : "")));
        }
    }

    /** Four printable ASCII bytes (an HTTP "GET ", say) where a length should be: a sign of the wrong protocol. */
    private static boolean looksLikeText(int length) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (length >>> shift) & 0xFF;
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed <= body.capacity()) {
            return;
        }
        long doubled = 2L * body.capacity();
        int capacity = (int) Math.min(frameLength, Math.max(needed, doubled));
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        bigger.put(body.flip());
        body = bigger;
    }

    private ProtocolException fail(ProtocolException e) {
        failure = e;
        body = null;
        return e;
    }

    private void reset() {
        prefixBytesRead = 0;
        prefix = 0;
        frameLength = -1;
        body = null;
    }

    private static RequestFrame parseRequest(ByteBuffer frame) {
        short apiKey = frame.getShort(0);
        short apiVersion = frame.getShort(2);
        int correlationId = frame.getInt(4);
        return new RequestFrame(apiKey, apiVersion, correlationId,
                frame.slice(Frames.REQUEST_HEADER_BYTES, frame.limit() - Frames.REQUEST_HEADER_BYTES));
    }

    private static ResponseFrame parseResponse(ByteBuffer frame) {
        WireReader in = WireReader.of(frame);
        int correlationId = in.int32("correlationId");
        ErrorCode errorCode = ErrorCode.forWireId(in.int16("errorCode"));
        String errorMessage = in.string("errorMessage");
        int headerBytes = in.position();
        return new ResponseFrame(correlationId, errorCode, errorMessage,
                frame.slice(headerBytes, frame.limit() - headerBytes));
    }
}
