package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.message.Messages;
import dev.rustmq.protocol.message.SampleMessages;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Untrusted bytes — random, mutated, truncated, with lying lengths and counts, wrong keys and
 * versions — only ever end in a clean decode or a {@link ProtocolException} with a fitting code;
 * never another exception, and never an allocation sized by a claim rather than by bytes present.
 */
class ProtocolFuzzTest {
    /** A large limit, so claims up to it are accepted and the growth bound is what protects memory. */
    private static final int BIG_LIMIT = 256 * 1024 * 1024;
    private static final Set<ErrorCode> REQUEST_PATH_CODES =
            EnumSet.of(ErrorCode.INVALID_REQUEST, ErrorCode.RECORD_TOO_LARGE, ErrorCode.UNSUPPORTED_VERSION);

    private final FrameEncoder encoder = new FrameEncoder(Frames.ABSOLUTE_MAX_FRAME_BYTES);
    private final List<RequestMessage> requests = SampleMessages.requests();
    private final List<ResponseMessage> responses = SampleMessages.responses();

    // ---- the server's path: stream → frames → requests ----

    /** What a server does with a stream: decode frames in random chunks, parse each; report what happened. */
    private int serve(byte[] stream, Random random, int maxFrameBytes) {
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(maxFrameBytes);
        int cleanRequests = 0;
        long fed = 0;
        int at = 0;
        try {
            while (at < stream.length) {
                int chunk = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 400));
                ByteBuffer in = ByteBuffer.wrap(stream, at, chunk);
                at += chunk;
                fed += chunk;
                while (true) {
                    RequestFrame frame = decoder.decode(in);
                    assertThat((long) decoder.allocatedBytes())
                            .as("allocation follows the bytes received, not the claimed length")
                            .isLessThanOrEqualTo(2 * fed + FrameDecoder.INITIAL_BODY_CAPACITY);
                    if (frame == null) {
                        break;
                    }
                    if (parse(frame)) {
                        cleanRequests++;
                    }
                }
            }
            decoder.endOfInput();
        } catch (ProtocolException e) {
            assertThat(e.code()).as("framing error: %s", e.getMessage())
                    .isIn(ErrorCode.INVALID_REQUEST, ErrorCode.RECORD_TOO_LARGE);
            assertThat(e.getMessage()).isNotBlank();
        }
        return cleanRequests;
    }

    /** Parses one frame as the server would; a clean request must re-encode to exactly its body. */
    private boolean parse(RequestFrame frame) {
        RequestMessage request;
        try {
            request = Messages.readRequest(frame);
        } catch (ProtocolException e) {
            assertThat(e.code()).as("%s", e.getMessage()).isIn(REQUEST_PATH_CODES);
            assertThat(e.getMessage()).isNotBlank();
            return false;
        }
        ByteBuffer body = ByteBuffer.allocate((int) request.sizeInBytes());
        request.write(body);
        assertThat(body.flip()).as("a decoded %s re-encodes to the same bytes", request.apiKey())
                .isEqualTo(frame.body());
        return true;
    }

    private byte[] frameOf(RequestMessage request, int correlationId) {
        ByteBuffer frame = encoder.encodeRequest(correlationId, request);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    @Test
    void randomBytesAreRejectedCleanly() {
        Seeded.forEach(1L, 4000, (random, i) -> {
            byte[] stream = Seeded.bytes(random, random.nextInt(400));
            if (random.nextBoolean() && stream.length >= 8) {
                // Plausible headers reach the body parsers instead of failing on the length.
                ByteBuffer.wrap(stream).putInt(0, random.nextInt(stream.length))
                        .putShort(4, (short) random.nextInt(9)).putShort(6, (short) random.nextInt(2));
            }
            serve(stream, random, random.nextBoolean() ? BIG_LIMIT : 64);
        });
    }

    @Test
    void mutatedFramesAreRejectedCleanlyOrDecodeToACanonicalRequest() {
        int[] clean = {0};
        Seeded.forEach(2L, 6000, (random, i) -> {
            // A few valid frames back to back, then mutations.
            List<Byte> stream = new ArrayList<>();
            int frames = 1 + random.nextInt(3);
            for (int f = 0; f < frames; f++) {
                for (byte b : frameOf(requests.get(random.nextInt(requests.size())), f)) {
                    stream.add(b);
                }
            }
            byte[] bytes = mutate(toArray(stream), random);
            clean[0] += serve(bytes, random, BIG_LIMIT);
        });
        assertThat(clean[0]).as("some mutations keep frames valid, and they decode").isPositive();
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
        }
        return bytes;
    }

    private static final int[] INT16_LIES = {-1, -2, Short.MIN_VALUE, Short.MAX_VALUE, 0x100, 1};
    private static final int[] INT32_LIES = {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x7FFF_FFF0, 0x0100_0000, 1};

    /** One to four edits: bit flips, random bytes, lying int16/int32 values, cuts, insertions. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            // Mostly past the first length prefix, so body parsers see the damage.
            int at = bytes.length > 4 && random.nextInt(10) > 0 ? 4 + random.nextInt(bytes.length - 4)
                    : random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> {
                    if (at + 2 <= bytes.length) {
                        ByteBuffer.wrap(bytes).putShort(at, (short) INT16_LIES[random.nextInt(INT16_LIES.length)]);
                    }
                }
                case 3 -> {
                    if (at + 4 <= bytes.length) {
                        ByteBuffer.wrap(bytes).putInt(at, INT32_LIES[random.nextInt(INT32_LIES.length)]);
                    }
                }
                case 4 -> bytes = java.util.Arrays.copyOf(bytes, at); // truncate
                default -> { // insert a byte
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    @Test
    void everyLyingInt16OrInt32AtEveryPositionOfEveryBodyIsHandled() {
        for (RequestMessage request : requests) {
            ByteBuffer body = body(request);
            for (int at = 0; at < body.limit(); at++) {
                for (int lie : INT16_LIES) {
                    if (at + 2 <= body.limit()) {
                        parse(requestFrame(request.apiKey(), withInt16(body, at, lie)));
                    }
                }
                for (int lie : INT32_LIES) {
                    if (at + 4 <= body.limit()) {
                        parse(requestFrame(request.apiKey(), withInt32(body, at, lie)));
                    }
                }
            }
        }
        for (ResponseMessage response : responses) {
            ByteBuffer body = body(response);
            for (int at = 0; at < body.limit(); at++) {
                for (int lie : INT16_LIES) {
                    if (at + 2 <= body.limit()) {
                        parseResponse(response.apiKey(), withInt16(body, at, lie));
                    }
                }
                for (int lie : INT32_LIES) {
                    if (at + 4 <= body.limit()) {
                        parseResponse(response.apiKey(), withInt32(body, at, lie));
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationAndEveryExtensionOfEveryBodyIsInvalid() {
        for (RequestMessage request : requests) {
            ByteBuffer body = body(request);
            for (int length = 0; length < body.limit(); length++) {
                ByteBuffer cut = body.duplicate().limit(length);
                assertRejected(() -> Messages.readRequest(request.apiKey(), (short) 0, cut),
                        ErrorCode.INVALID_REQUEST, request + " cut to " + length);
            }
            ByteBuffer longer = ByteBuffer.allocate(body.limit() + 1).put(body.duplicate()).clear();
            assertRejected(() -> Messages.readRequest(request.apiKey(), (short) 0, longer),
                    ErrorCode.INVALID_REQUEST, request + " plus a byte");
        }
        for (ResponseMessage response : responses) {
            ByteBuffer body = body(response);
            for (int length = 0; length < body.limit(); length++) {
                ByteBuffer cut = body.duplicate().limit(length);
                assertRejected(() -> Messages.readResponse(response.apiKey(), (short) 0, cut),
                        ErrorCode.INVALID_REQUEST, response + " cut to " + length);
            }
            ByteBuffer longer = ByteBuffer.allocate(body.limit() + 1).put(body.duplicate()).clear();
            assertRejected(() -> Messages.readResponse(response.apiKey(), (short) 0, longer),
                    ErrorCode.INVALID_REQUEST, response + " plus a byte");
        }
    }

    @Test
    void truncatedFramesFailAtTheEndOfTheStream() {
        for (RequestMessage request : requests) {
            byte[] frame = frameOf(request, 1);
            for (int length = 1; length < frame.length; length += Math.max(1, frame.length / 50)) {
                FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(BIG_LIMIT);
                assertThat(decoder.decode(ByteBuffer.wrap(frame, 0, length))).isNull();
                assertRejected(decoder::endOfInput, ErrorCode.INVALID_REQUEST, request + " cut to " + length);
            }
        }
    }

    @Test
    void wrongApiKeysAndVersionsAreUnsupported() {
        Seeded.forEach(3L, 3000, (random, i) -> {
            RequestMessage request = requests.get(random.nextInt(requests.size()));
            ByteBuffer body = body(request);
            short key;
            short version;
            if (random.nextBoolean()) {
                do {
                    key = (short) random.nextInt(1 << 16);
                } while (key >= 0 && key < ApiKey.values().length);
                version = (short) random.nextInt(2);
            } else {
                key = request.apiKey().id();
                do {
                    version = (short) random.nextInt(1 << 16);
                } while (version == 0);
            }
            ByteBuffer frame = encoder.encodeRawRequest(key, version, 99, body);
            RequestFrame decoded = FrameDecoder.forRequests(BIG_LIMIT).decode(frame);
            assertThat(decoded.correlationId()).as("still answerable by correlation id").isEqualTo(99);
            short k = key;
            short v = version;
            assertThatThrownBy(() -> Messages.readRequest(decoded))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                    .hasMessageContaining(k < 0 || k >= ApiKey.values().length ? "unknown api key " + k
                            : "version " + v + " is not supported")
                    .hasMessageContaining("v0");
        });
    }

    @Test
    void anyLengthPrefixIsJudgedFromItsFourBytesAlone() {
        Seeded.forEach(4L, 20_000, (random, i) -> {
            int length = switch (random.nextInt(4)) {
                case 0 -> random.nextInt();
                case 1 -> -random.nextInt(100);
                case 2 -> random.nextInt(16);
                default -> BIG_LIMIT - 2 + random.nextInt(4);
            };
            FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(BIG_LIMIT);
            ByteBuffer in = ByteBuffer.allocate(4 + random.nextInt(32)).putInt(0, length);
            if (length < Frames.REQUEST_HEADER_BYTES) {
                assertRejected(() -> decoder.decode(in), ErrorCode.INVALID_REQUEST, "length " + length);
                assertThat(in.position()).isEqualTo(4);
            } else if (length > BIG_LIMIT) {
                assertRejected(() -> decoder.decode(in), ErrorCode.RECORD_TOO_LARGE, "length " + length);
                assertThat(in.position()).isEqualTo(4);
            } else if (in.capacity() - 4 >= length) {
                assertThat(decoder.decode(in)).isNotNull();
                assertThat(in.position()).isEqualTo(4 + length);
            } else {
                assertThat(decoder.decode(in)).isNull();
                assertThat(in.hasRemaining()).isFalse();
            }
            assertThat(decoder.allocatedBytes()).isLessThanOrEqualTo(FrameDecoder.INITIAL_BODY_CAPACITY);
        });
    }

    // ---- the client's path: stream → response frames → responses ----

    @Test
    void mutatedResponseStreamsAreRejectedCleanly() {
        Seeded.forEach(5L, 5000, (random, i) -> {
            ResponseMessage response = responses.get(random.nextInt(responses.size()));
            ByteBuffer frame = random.nextInt(4) == 0
                    ? encoder.encodeErrorResponse(i, ErrorCode.NOT_LEADER, "moved")
                    : encoder.encodeResponse(i, (short) 0, response);
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            byte[] mutated = mutate(bytes, random);
            FrameDecoder<ResponseFrame> decoder = FrameDecoder.forResponses(BIG_LIMIT);
            try {
                for (ResponseFrame decoded : decoder.decodeAll(ByteBuffer.wrap(mutated))) {
                    if (decoded.errorCode() == ErrorCode.NONE) {
                        parseResponse(response.apiKey(), decoded.body());
                    }
                }
                decoder.endOfInput();
            } catch (ProtocolException e) {
                assertThat(e.code()).isIn(ErrorCode.INVALID_REQUEST, ErrorCode.RECORD_TOO_LARGE);
            }
        });
    }

    // ---- helpers ----

    private void parseResponse(ApiKey api, ByteBuffer body) {
        ResponseMessage response;
        try {
            response = Messages.readResponse(api, (short) 0, body);
        } catch (ProtocolException e) {
            assertThat(e.code()).as("%s", e.getMessage()).isEqualTo(ErrorCode.INVALID_REQUEST);
            return;
        }
        ByteBuffer again = ByteBuffer.allocate((int) response.sizeInBytes());
        response.write(again);
        assertThat(Messages.readResponse(api, (short) 0, again.flip())).isEqualTo(response);
    }

    private RequestFrame requestFrame(ApiKey api, ByteBuffer body) {
        return new RequestFrame(api.id(), (short) 0, 1, body);
    }

    private static ByteBuffer body(Message message) {
        ByteBuffer body = ByteBuffer.allocate((int) message.sizeInBytes());
        message.write(body);
        return body.flip();
    }

    private static ByteBuffer withInt16(ByteBuffer body, int at, int value) {
        ByteBuffer copy = ByteBuffer.allocate(body.limit()).put(body.duplicate()).flip();
        return copy.putShort(at, (short) value);
    }

    private static ByteBuffer withInt32(ByteBuffer body, int at, int value) {
        ByteBuffer copy = ByteBuffer.allocate(body.limit()).put(body.duplicate()).flip();
        return copy.putInt(at, value);
    }

    private static void assertRejected(Runnable call, ErrorCode code, String what) {
        try {
            call.run();
        } catch (ProtocolException e) {
            assertThat(e.code()).as("%s: %s", what, e.getMessage()).isEqualTo(code);
            return;
        }
        fail("expected ProtocolException(" + code + ") for " + what);
    }
}
