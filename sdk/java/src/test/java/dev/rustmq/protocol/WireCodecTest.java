package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static ByteBuffer written(Consumer<WireWriter> writes) {
        WireWriter.SizeCounter counter = WireWriter.counting();
        writes.accept(counter);
        ByteBuffer buffer = ByteBuffer.allocate((int) counter.size());
        writes.accept(WireWriter.into(buffer));
        assertThat(buffer.hasRemaining()).as("the counter and the writer agree").isFalse();
        return buffer.flip();
    }

    private static ByteBuffer bytes(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length);
        for (int v : values) {
            buffer.put((byte) v);
        }
        return buffer.flip();
    }

    private static void assertInvalid(ThrowingCallable call, String... mentions) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContainingAll(mentions);
    }

    @Test
    void integersAreBigEndianAndRoundTripAtTheirExtremes() {
        ByteBuffer buffer = written(w -> {
            w.int8(Byte.MIN_VALUE);
            w.int8(Byte.MAX_VALUE);
            w.int16(Short.MIN_VALUE);
            w.int16((short) 0x0102);
            w.int32(Integer.MIN_VALUE);
            w.int32(0x01020304);
            w.int64(Long.MIN_VALUE);
            w.int64(0x0102030405060708L);
        });
        assertThat(buffer.get(4)).isEqualTo((byte) 1);
        assertThat(buffer.get(5)).isEqualTo((byte) 2);
        WireReader in = WireReader.of(buffer);
        assertThat(in.int8("a")).isEqualTo(Byte.MIN_VALUE);
        assertThat(in.int8("b")).isEqualTo(Byte.MAX_VALUE);
        assertThat(in.int16("c")).isEqualTo(Short.MIN_VALUE);
        assertThat(in.int16("d")).isEqualTo((short) 0x0102);
        assertThat(in.int32("e")).isEqualTo(Integer.MIN_VALUE);
        assertThat(in.int32("f")).isEqualTo(0x01020304);
        assertThat(in.int64("g")).isEqualTo(Long.MIN_VALUE);
        assertThat(in.int64("h")).isEqualTo(0x0102030405060708L);
        in.expectEnd("test");
    }

    @Test
    void aLittleEndianTargetStillGetsBigEndianBytes() {
        ByteBuffer little = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        WireWriter out = WireWriter.into(little);
        out.int16((short) 0x0102);
        out.int32(0x03040506);
        out.int64(0x0708090A0B0C0D0EL);
        assertThat(little.array()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertThat(little.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        WireReader in = WireReader.of(little.flip());
        assertThat(in.int16("x")).isEqualTo((short) 0x0102);
    }

    @Test
    void stringsRoundTripIncludingNullEmptyAndNonAscii() {
        String longest = "y".repeat(WireWriter.MAX_STRING_BYTES);
        List<String> values = java.util.Arrays.asList(null, "", "abc", "\u00e9\u4e3b\uD83D\uDE80\u0000", longest);
        ByteBuffer buffer = written(w -> values.forEach(w::string));
        assertThat(buffer.getShort(0)).isEqualTo((short) -1);
        WireReader in = WireReader.of(buffer);
        for (String v : values) {
            assertThat(in.string("s")).isEqualTo(v);
        }
        in.expectEnd("test");
    }

    @Test
    void theCounterMeasuresStringsExactlyAsGetBytesEncodesThem() {
        Seeded.forEach(31L, 2000, (random, i) -> {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                switch (random.nextInt(5)) {
                    case 0 -> s.append((char) random.nextInt(0x80));
                    case 1 -> s.append((char) (0x80 + random.nextInt(0x780)));
                    case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    case 3 -> s.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogates too
                    default -> s.append((char) random.nextInt(0x10000));
                }
            }
            String value = s.toString();
            int expected = value.getBytes(StandardCharsets.UTF_8).length;
            assertThat(WireWriter.utf8Length(value)).as("%s", value.chars().boxed().toList()).isEqualTo(expected);
            ByteBuffer buffer = written(w -> w.string(value));
            assertThat(buffer.remaining()).isEqualTo(2 + expected);
        });
    }

    @Test
    void aStringLongerThanAnInt16CanHoldIsRefusedByBothWriters() {
        String tooLong = "\u00e9".repeat(WireWriter.MAX_STRING_BYTES / 2 + 1);
        assertInvalid(() -> WireWriter.counting().string(tooLong), "32768 UTF-8 bytes");
        assertInvalid(() -> WireWriter.into(ByteBuffer.allocate(70_000)).string(tooLong), "32768 UTF-8 bytes");
    }

    @Test
    void malformedUtf8IsInvalid() {
        int[][] cases = {
            {0xC3, 0x28}, // bad continuation
            {0xC0, 0x80}, // overlong NUL
            {0xED, 0xA0, 0x80}, // an encoded surrogate
            {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
            {0xE2, 0x82}, // cut short
            {0xFF},
        };
        for (int[] utf8 : cases) {
            ByteBuffer buffer = ByteBuffer.allocate(2 + utf8.length).putShort((short) utf8.length);
            for (int b : utf8) {
                buffer.put((byte) b);
            }
            assertInvalid(() -> WireReader.of(buffer.flip()).string("topic"), "topic", "not valid UTF-8");
        }
    }

    @Test
    void truncatedPrimitivesNameTheField() {
        assertInvalid(() -> WireReader.of(bytes()).int8("acks"), "acks", "needs 1 bytes but only 0");
        assertInvalid(() -> WireReader.of(bytes(1)).int16("errorCode"), "errorCode", "needs 2");
        assertInvalid(() -> WireReader.of(bytes(1, 2, 3)).int32("partition"), "partition", "needs 4", "3 remain");
        assertInvalid(() -> WireReader.of(bytes(1, 2, 3, 4, 5, 6, 7)).int64("fetchOffset"), "fetchOffset", "needs 8");
        assertInvalid(() -> WireReader.of(bytes(0)).string("topic"), "topic length");
        assertInvalid(() -> WireReader.of(bytes(0, 5, 'a', 'b')).string("topic"), "topic", "needs 5", "2 remain");
        assertInvalid(() -> WireReader.of(bytes(0, 0, 0, 9, 1)).bytes("records"), "records", "needs 9");
    }

    @Test
    void lyingLengthsAndCountsFailBeforeAllocating() {
        assertInvalid(() -> WireReader.of(bytes(0x7F, 0xFF)).string("topic"), "needs 32767", "0 remain");
        assertInvalid(() -> WireReader.of(bytes(0x7F, 0xFF, 0xFF, 0xFF)).bytes("records"), "needs 2147483647");
        assertInvalid(() -> WireReader.of(bytes(0x7F, 0xFF, 0xFF, 0xFF, 0, 0)).array("topics", 2, r -> r.string("t")),
                "topics", "element count 2147483647 cannot fit in the 2 bytes left");
        assertInvalid(() -> WireReader.of(bytes(0, 0, 0, 2, 0, 0, 0, 1)).int32Array("replicas"),
                "replicas", "element count 2 cannot fit in the 4 bytes left");
        assertInvalid(() -> WireReader.of(bytes(0, 0x10, 0, 0, 0, 0)).stringMap("configs"),
                "configs", "entry count 1048576 cannot fit");
    }

    @Test
    void negativeLengthsOtherThanNullAreInvalid() {
        assertInvalid(() -> WireReader.of(bytes(0xFF, 0xFE)).string("topic"), "string length -2");
        assertInvalid(() -> WireReader.of(bytes(0x80, 0x00)).string("topic"), "string length -32768");
        assertInvalid(() -> WireReader.of(bytes(0xFF, 0xFF, 0xFF, 0xFE)).bytes("records"), "byte length -2");
        assertInvalid(() -> WireReader.of(bytes(0x80, 0, 0, 0)).bytes("records"), "byte length -2147483648");
        assertInvalid(() -> WireReader.of(bytes(0x80, 0, 0, 0)).array("topics", 2, r -> r.string("t")),
                "element count -2147483648");
        assertInvalid(() -> WireReader.of(bytes(0xFF, 0xFF, 0xFF, 0xFF)).stringMap("configs"), "entry count -1");
    }

    @Test
    void nullWhereNoneIsAllowedIsInvalid() {
        assertInvalid(() -> WireReader.of(bytes(0xFF, 0xFF)).requiredString("topic"), "topic must not be null");
        assertInvalid(() -> WireReader.of(bytes(0xFF, 0xFF, 0xFF, 0xFF)).requiredBytes("records"),
                "records must not be null");
        assertInvalid(() -> WireReader.of(bytes(0xFF, 0xFF, 0xFF, 0xFF)).int32Array("isr"), "isr must not be null");
        assertInvalid(() -> WireReader.of(bytes(0, 0, 0, 1, 0, 1, 'k', 0xFF, 0xFF)).stringMap("configs"),
                "configs[k] must not be null");
    }

    @Test
    void nullableFieldsRoundTripAsNull() {
        ByteBuffer buffer = written(w -> {
            w.bytes(null);
            w.array(null, WireWriter::string);
            w.bytes(ByteBuffer.allocate(0));
            w.array(List.of(), WireWriter::string);
        });
        WireReader in = WireReader.of(buffer);
        assertThat(in.bytes("a")).isNull();
        assertThat(in.array("b", 2, r -> r.string("x"))).isNull();
        assertThat(in.bytes("c")).isEqualTo(ByteBuffer.allocate(0));
        assertThat(in.array("d", 2, r -> r.string("x"))).isEmpty();
    }

    @Test
    void mapsKeepTheirOrder() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("z", "1");
        map.put("a", "");
        map.put("\u00e9", "x");
        Map<String, String> read = WireReader.of(written(w -> w.stringMap(map))).stringMap("configs");
        assertThat(read).containsExactlyEntriesOf(map);
    }

    @Test
    void leftoverBytesAreInvalid() {
        WireReader in = WireReader.of(bytes(0, 0, 0, 1, 9));
        in.int32("x");
        assertInvalid(() -> in.expectEnd("FETCH request"), "FETCH request: 1 unexpected bytes after the last field");
    }

    @Test
    void readingLeavesTheCallersBufferAloneAndBytesAreSharedViews() {
        ByteBuffer buffer = bytes(0, 0, 0, 2, 7, 8);
        WireReader in = WireReader.of(buffer);
        ByteBuffer view = in.bytes("records");
        assertThat(buffer.position()).isZero();
        assertThat(in.position()).isEqualTo(6);
        assertThat(in.remaining()).isZero();
        view.put(0, (byte) 42);
        assertThat(buffer.get(4)).as("a view, not a copy").isEqualTo((byte) 42);
    }

    @Test
    void writingBytesLeavesTheSourcePositionAlone() {
        ByteBuffer source = bytes(1, 2, 3);
        source.position(1);
        ByteBuffer out = written(w -> w.bytes(source));
        assertThat(source.position()).isEqualTo(1);
        assertThat(out).isEqualTo(bytes(0, 0, 0, 2, 2, 3));
    }
}
