package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.message.SampleMessages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = Frames.DEFAULT_MAX_FRAME_BYTES;
    private final FrameEncoder encoder = new FrameEncoder(Frames.ABSOLUTE_MAX_FRAME_BYTES);

    /** Every sample request, back to back, as one stream; and the frames expected from it. */
    private ByteBuffer requestStream(List<RequestMessage> sent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int correlationId = 0;
        for (RequestMessage request : sent) {
            ByteBuffer frame = encoder.encodeRequest(correlationId++, request);
            out.write(frame.array(), frame.arrayOffset(), frame.remaining());
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void assertSameFrames(List<RequestFrame> actual, List<RequestFrame> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            RequestFrame a = actual.get(i);
            RequestFrame e = expected.get(i);
            assertThat(a.apiKeyId()).isEqualTo(e.apiKeyId());
            assertThat(a.apiVersion()).isEqualTo(e.apiVersion());
            assertThat(a.correlationId()).isEqualTo(e.correlationId());
            assertThat(a.body()).as("body of frame %d", i).isEqualTo(e.body());
        }
    }

    @Test
    void aWholeStreamInOneBufferYieldsEveryFrameInOrder() {
        List<RequestMessage> sent = SampleMessages.requests();
        ByteBuffer stream = requestStream(sent);
        List<RequestFrame> frames = FrameDecoder.forRequests(MAX).decodeAll(stream);
        assertThat(stream.hasRemaining()).isFalse();
        assertThat(frames).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(frames.get(i).correlationId()).isEqualTo(i);
            assertThat(frames.get(i).apiKey()).isEqualTo(sent.get(i).apiKey());
        }
    }

    @Test
    void decodeStopsAtTheEndOfOneFrameAndLeavesTheRest() {
        ByteBuffer stream = requestStream(SampleMessages.requests());
        int first = stream.getInt(0) + 4;
        RequestFrame frame = FrameDecoder.forRequests(MAX).decode(stream);
        assertThat(frame).isNotNull();
        assertThat(stream.position()).isEqualTo(first);
    }

    @Test
    void oneByteAtATimeYieldsTheSameFrames() {
        ByteBuffer stream = requestStream(SampleMessages.requests());
        List<RequestFrame> expected = FrameDecoder.forRequests(MAX).decodeAll(stream.duplicate());
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
        List<RequestFrame> frames = new ArrayList<>();
        for (int i = 0; i < stream.limit(); i++) {
            ByteBuffer oneByte = ByteBuffer.wrap(new byte[] {stream.get(i)});
            RequestFrame frame = decoder.decode(oneByte);
            assertThat(oneByte.hasRemaining()).isFalse();
            if (frame != null) {
                frames.add(frame);
            }
        }
        assertThat(decoder.isBetweenFrames()).isTrue();
        decoder.endOfInput();
        assertSameFrames(frames, expected);
    }

    @Test
    void randomChunkSizesYieldTheSameFrames() {
        ByteBuffer stream = requestStream(SampleMessages.requests());
        List<RequestFrame> expected = FrameDecoder.forRequests(MAX).decodeAll(stream.duplicate());
        Seeded.forEach(20260601L, 300, (random, index) -> {
            FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
            List<RequestFrame> frames = new ArrayList<>();
            int maxChunk = 1 + random.nextInt(random.nextBoolean() ? 16 : 600);
            int at = 0;
            while (at < stream.limit()) {
                int chunk = Math.min(stream.limit() - at, 1 + random.nextInt(maxChunk));
                // A fresh, reused-looking buffer: the decoder must copy, not keep, what it is fed.
                byte[] bytes = new byte[chunk];
                stream.get(at, bytes);
                ByteBuffer in = ByteBuffer.wrap(bytes);
                frames.addAll(decoder.decodeAll(in));
                java.util.Arrays.fill(bytes, (byte) 0x5A);
                at += chunk;
            }
            decoder.endOfInput();
            assertSameFrames(frames, expected);
        });
    }

    @Test
    void aFourMebibyteFrameReassemblesFromSingleBytesAndRandomChunks() {
        ByteBuffer blob = SampleMessages.randomBlob(99, 4 * 1024 * 1024);
        ProduceRequest request = new ProduceRequest("big", 1, Acks.ALL, 1000, blob);
        ByteBuffer frameBytes = encoder.encodeRequest(77, request);
        int total = frameBytes.remaining();

        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
        ByteBuffer one = ByteBuffer.allocate(1);
        RequestFrame frame = null;
        for (int i = 0; i < total; i++) {
            one.clear();
            one.put(0, frameBytes.get(i));
            frame = decoder.decode(one);
            assertThat(frame == null).isEqualTo(i < total - 1);
            if ((i & 0xFFFF) == 0) {
                assertThat(decoder.allocatedBytes()).isLessThanOrEqualTo(2 * (i + 1) + FrameDecoder.INITIAL_BODY_CAPACITY);
            }
        }
        assertThat(frame.correlationId()).isEqualTo(77);
        assertThat(ProduceRequest.read(frame.body())).isEqualTo(request);

        Random random = new Random(4);
        ByteBuffer stream = frameBytes.duplicate();
        FrameDecoder<RequestFrame> chunked = FrameDecoder.forRequests(MAX);
        List<RequestFrame> frames = new ArrayList<>();
        while (stream.hasRemaining()) {
            int chunk = Math.min(stream.remaining(), 1 + random.nextInt(200_000));
            frames.addAll(chunked.decodeAll(stream.slice(stream.position(), chunk)));
            stream.position(stream.position() + chunk);
        }
        assertThat(frames).hasSize(1);
        assertThat(ProduceRequest.read(frames.get(0).body())).isEqualTo(request);
    }

    @Test
    void lengthsBelowTheHeaderAreInvalidAsSoonAsThePrefixArrives() {
        for (int length : new int[] {Integer.MIN_VALUE, -1, 0, 1, 7}) {
            FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
            ByteBuffer in = ByteBuffer.allocate(100).putInt(0, length);
            assertThatThrownBy(() -> decoder.decode(in))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("request frame length " + length);
            assertThat(in.position()).as("only the prefix is consumed").isEqualTo(4);
            assertThat(decoder.allocatedBytes()).isZero();
        }
        assertThatThrownBy(() -> FrameDecoder.forResponses(MAX).decode(ByteBuffer.allocate(8).putInt(0, 7)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("response frame length 7");
    }

    @Test
    void aTwoGigabyteLengthPrefixFailsFastWithoutAllocating() {
        for (int length : new int[] {Integer.MAX_VALUE, MAX + 1, 0x7FFF_FFF0}) {
            FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
            ByteBuffer in = ByteBuffer.allocate(64).putInt(0, length);
            assertThatThrownBy(() -> decoder.decode(in))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RECORD_TOO_LARGE))
                    .hasMessageContaining(length + " bytes is larger than the maximum of " + MAX);
            assertThat(in.position()).isEqualTo(4);
            assertThat(decoder.allocatedBytes()).isZero();
        }
    }

    @Test
    void theLimitIsInclusive() {
        int max = 1000;
        ByteBuffer body = ByteBuffer.allocate(max - Frames.REQUEST_HEADER_BYTES);
        ByteBuffer atLimit = new FrameEncoder(max).encodeRawRequest((short) 2, (short) 0, 1, body);
        assertThat(atLimit.getInt(0)).isEqualTo(max);
        assertThat(FrameDecoder.forRequests(max).decode(atLimit)).isNotNull();
        ByteBuffer over = encoder.encodeRawRequest((short) 2, (short) 0, 1, ByteBuffer.allocate(max - 7));
        assertThatThrownBy(() -> FrameDecoder.forRequests(max).decode(over))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RECORD_TOO_LARGE));
    }

    @Test
    void aHugeClaimUnderAHugeLimitAllocatesOnlyWhatArrives() {
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(Frames.ABSOLUTE_MAX_FRAME_BYTES);
        int claimed = Integer.MAX_VALUE - 8;
        assertThat(decoder.decode(ByteBuffer.allocate(4).putInt(0, claimed))).isNull();
        assertThat(decoder.allocatedBytes()).isZero();
        long fed = 0;
        Random random = new Random(11);
        for (int i = 0; i < 50; i++) {
            int chunk = 1 + random.nextInt(20_000);
            assertThat(decoder.decode(ByteBuffer.allocate(chunk))).isNull();
            fed += chunk;
            assertThat((long) decoder.allocatedBytes()).isLessThanOrEqualTo(2 * fed + FrameDecoder.INITIAL_BODY_CAPACITY);
        }
        assertThat(decoder.isBetweenFrames()).isFalse();
        long received = fed;
        assertThatThrownBy(decoder::endOfInput)
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("got " + received + " of " + claimed + " bytes");
    }

    @Test
    void aFramingErrorIsPermanent() {
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.allocate(4).putInt(0, -1)))
                .isInstanceOf(ProtocolException.class);
        ByteBuffer valid = encoder.encodeRequest(1, new dev.rustmq.protocol.message.ListTopicsRequest());
        assertThatThrownBy(() -> decoder.decode(valid)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("negative");
        assertThat(valid.position()).isZero();
        assertThat(decoder.isBetweenFrames()).isFalse();
        assertThatThrownBy(decoder::endOfInput).isInstanceOf(ProtocolException.class);
    }

    @Test
    void textWhereALengthShouldBeGetsAHint() {
        ByteBuffer http = ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> FrameDecoder.forRequests(MAX).decode(http))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RECORD_TOO_LARGE))
                .hasMessageContaining("is the peer speaking this protocol?");
    }

    @Test
    void theStreamMayEndOnlyBetweenFrames() {
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(MAX);
        decoder.endOfInput();
        assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0, 0}))).isNull();
        assertThatThrownBy(decoder::endOfInput)
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("2 of the 4 length bytes");

        FrameDecoder<RequestFrame> afterHeader = FrameDecoder.forRequests(MAX);
        assertThat(afterHeader.decode(ByteBuffer.allocate(4).putInt(0, 20))).isNull();
        assertThatThrownBy(afterHeader::endOfInput).hasMessageContaining("got 0 of 20 bytes");
    }

    @Test
    void responseFramesCarryTheFrameLevelError() {
        ByteBuffer stream = SampleMessages.concat(
                encoder.encodeErrorResponse(3, ErrorCode.UNSUPPORTED_VERSION, "FETCH version 9 is not supported"),
                encoder.encodeErrorResponse(Frames.UNKNOWN_CORRELATION_ID, ErrorCode.RECORD_TOO_LARGE, null),
                encoder.encodeResponse(4, (short) 0, dev.rustmq.protocol.message.CreateTopicResponse.success()));
        List<ResponseFrame> frames = FrameDecoder.forResponses(MAX).decodeAll(stream);
        assertThat(frames).extracting(ResponseFrame::correlationId).containsExactly(3, -1, 4);
        assertThat(frames).extracting(ResponseFrame::errorCode)
                .containsExactly(ErrorCode.UNSUPPORTED_VERSION, ErrorCode.RECORD_TOO_LARGE, ErrorCode.NONE);
        assertThat(frames.get(0).errorMessage()).isEqualTo("FETCH version 9 is not supported");
        assertThat(frames.get(0).body().remaining()).isZero();
        assertThat(frames.get(1).errorMessage()).isNull();
        assertThatThrownBy(() -> frames.get(0).throwIfError())
                .isInstanceOfSatisfying(dev.rustmq.errors.RustMqException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessage("FETCH version 9 is not supported");
        assertThat(frames.get(2).throwIfError().body().remaining()).isEqualTo(4);
    }

    @Test
    void aResponseWithABadHeaderIsDroppedButTheNextFrameStillDecodes() {
        // Length 8: correlation id, error code, then a string length of 5 with no bytes behind it.
        ByteBuffer bad = ByteBuffer.allocate(12).putInt(8).putInt(9).putShort((short) 0).putShort((short) 5).flip();
        ByteBuffer good = encoder.encodeErrorResponse(10, ErrorCode.NOT_LEADER, "x");
        ByteBuffer stream = SampleMessages.concat(bad, good);
        FrameDecoder<ResponseFrame> decoder = FrameDecoder.forResponses(MAX);
        assertThatThrownBy(() -> decoder.decode(stream))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("errorMessage");
        assertThat(decoder.decode(stream).correlationId()).isEqualTo(10);
    }

    @Test
    void theDecoderLeavesItsInputOrderAndNeverSharesItsBytes() {
        ByteBuffer frame = encoder.encodeRequest(5, new dev.rustmq.protocol.message.DeleteTopicRequest("abc"));
        ByteBuffer little = ByteBuffer.allocate(frame.remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        little.put(frame.duplicate()).flip();
        RequestFrame decoded = FrameDecoder.forRequests(MAX).decode(little);
        assertThat(decoded.correlationId()).isEqualTo(5);
        little.put(little.limit() - 1, (byte) 'z');
        assertThat(decoded.body()).isEqualTo(ByteBuffer.wrap(new byte[] {0, 3, 'a', 'b', 'c'}));
    }

    @Test
    void maxFrameBytesIsChecked() {
        assertThatThrownBy(() -> FrameDecoder.forRequests(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameDecoder.forRequests(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameEncoder(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FrameDecoder.forResponses(8).maxFrameBytes()).isEqualTo(8);
    }
}
