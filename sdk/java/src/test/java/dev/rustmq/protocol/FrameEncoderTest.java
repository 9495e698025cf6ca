package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.DeleteTopicRequest;
import dev.rustmq.protocol.message.FetchRequest;
import dev.rustmq.protocol.message.ListTopicsRequest;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.message.ProduceResponse;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Pins the byte layouts docs/protocol.md shows, so the document and the code cannot drift apart. */
class FrameEncoderTest {
    private final FrameEncoder encoder = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    @Test
    void aFetchRequestFrameIsLaidOutAsDocumented() {
        ByteBuffer frame = encoder.encodeRequest(7, new FetchRequest("t", 0, 5, 1024, 1, 500));
        assertThat(hex(frame)).isEqualTo(
                "00 00 00 23 " // length 35
                + "00 03 00 00 00 00 00 07 " // FETCH, v0, correlation id 7
                + "00 01 74 " // topic "t"
                + "00 00 00 00 " // partition 0
                + "00 00 00 00 00 00 00 05 " // fetchOffset 5
                + "00 00 04 00 " // maxBytes 1024
                + "00 00 00 01 " // minBytes 1
                + "00 00 01 f4"); // maxWaitMs 500
    }

    @Test
    void aProduceResponseFrameIsLaidOutAsDocumented() {
        ByteBuffer frame = encoder.encodeResponse(7, (short) 0, ProduceResponse.success(42, -1));
        assertThat(hex(frame)).isEqualTo(
                "00 00 00 1c " // length 28
                + "00 00 00 07 00 00 ff ff " // correlation id 7, frame error NONE, no message
                + "00 00 ff ff " // errorCode NONE, errorMessage null
                + "00 00 00 00 00 00 00 2a " // baseOffset 42
                + "ff ff ff ff ff ff ff ff"); // logAppendTimeMs -1
    }

    @Test
    void anErrorResponseFrameHasAnEmptyBody() {
        ByteBuffer frame = encoder.encodeErrorResponse(7, ErrorCode.UNSUPPORTED_VERSION, "v9?");
        assertThat(hex(frame)).isEqualTo("00 00 00 0b 00 00 00 07 00 02 00 03 76 39 3f");
    }

    @Test
    void aProduceRequestCarriesTheRecordsAsOneLengthPrefixedBlob() {
        ByteBuffer frame = encoder.encodeRequest(1,
                new ProduceRequest("t", 2, Acks.ALL, 100, ByteBuffer.wrap(new byte[] {(byte) 0xAB, (byte) 0xCD})));
        assertThat(hex(frame)).isEqualTo(
                "00 00 00 1a 00 02 00 00 00 00 00 01 " // length 26, PRODUCE v0, correlation id 1
                + "00 01 74 00 00 00 02 ff 00 00 00 64 " // "t", partition 2, acks -1 (all), timeout 100
                + "00 00 00 02 ab cd"); // records: 2 bytes
    }

    @Test
    void anEmptyBodyFrameIsJustTheHeader() {
        assertThat(hex(encoder.encodeRequest(-1, new ListTopicsRequest())))
                .isEqualTo("00 00 00 08 00 07 00 00 ff ff ff ff");
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItIsBuilt() {
        FrameEncoder small = new FrameEncoder(1024);
        assertThatThrownBy(() -> small.encodeRequest(1,
                new ProduceRequest("t", 0, Acks.ALL, 0, ByteBuffer.allocate(1024))))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RECORD_TOO_LARGE))
                .hasMessageContaining("PRODUCE request frame of 1048 bytes is larger than the maximum of 1024");
        assertThat(small.encodeRequest(1, new ProduceRequest("t", 0, Acks.ALL, 0, ByteBuffer.allocate(1000)))
                .getInt(0)).isEqualTo(1024);
    }

    @Test
    void versionsThisCodeCannotWriteAreRefused() {
        assertThatThrownBy(() -> encoder.encodeRequest(1, (short) 1, new DeleteTopicRequest("t")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessageContaining("DELETE_TOPIC version 1 is not supported; supported: v0");
    }

    @Test
    void errorResponsesAlwaysFitEvenWithAHugeMessage() {
        String huge = "\uD83D\uDE80".repeat(20_000); // 80,000 UTF-8 bytes
        ByteBuffer frame = encoder.encodeErrorResponse(1, ErrorCode.INTERNAL_ERROR, huge);
        ResponseFrame decoded = FrameDecoder.forResponses(Frames.DEFAULT_MAX_FRAME_BYTES).decode(frame);
        assertThat(decoded.errorMessage()).endsWith("...").startsWith("\uD83D\uDE80");
        assertThat(decoded.errorMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(WireWriter.MAX_STRING_BYTES);
        assertThatThrownBy(() -> encoder.encodeErrorResponse(1, ErrorCode.NONE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStringTooLongForTheWireIsInvalid() {
        String name = "x".repeat(WireWriter.MAX_STRING_BYTES + 1);
        assertThatThrownBy(() -> encoder.encodeRequest(1, new DeleteTopicRequest(name)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("32768 UTF-8 bytes");
        assertThat(encoder.encodeRequest(1, new DeleteTopicRequest(name.substring(1))).getInt(0))
                .isEqualTo(8 + 2 + WireWriter.MAX_STRING_BYTES);
    }
}
