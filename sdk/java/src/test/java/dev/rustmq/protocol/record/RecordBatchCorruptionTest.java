package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.TestBatches.concat;
import static dev.rustmq.protocol.record.TestBatches.craft;
import static dev.rustmq.protocol.record.TestBatches.edited;
import static dev.rustmq.protocol.record.TestBatches.simpleRecord;
import static dev.rustmq.protocol.record.TestBatches.varint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordBatchCorruptionTest {
    private static final ByteBuffer GOOD = RecordBatchBuilder.build(100, 3, CompressionType.NONE,
            TestBatches.records(3, 1_000));

    private static void assertHeaderCorrupt(ByteBuffer batch, String message) {
        RecordBatch view = RecordBatch.wrap(batch);
        assertThatThrownBy(view::validate).isInstanceOf(CorruptRecordException.class).hasMessageContaining(message);
        assertThatThrownBy(view::validateRecords).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyTruncationIsCorrupt() {
        for (int length = 0; length < GOOD.limit(); length++) {
            ByteBuffer truncated = TestBatches.copy(GOOD).limit(length);
            assertThatThrownBy(() -> RecordBatch.wrap(truncated)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageMatching(".*(truncated|runs past the end|out of range).*");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE - 12, 1 << 30, 36 + 1_000})
    void batchLengthLargerThanTheBufferIsCorrupt(int batchLength) {
        ByteBuffer batch = TestBatches.copy(GOOD).putInt(8, batchLength);
        assertThatThrownBy(() -> RecordBatch.wrap(batch)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatches.split(batch)).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 34})
    void batchLengthSmallerThanAHeaderIsCorrupt(int batchLength) {
        ByteBuffer batch = TestBatches.copy(GOOD).putInt(8, batchLength);
        assertThatThrownBy(() -> RecordBatch.wrap(batch)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void batchLengthChangedAfterWrapIsCaughtByValidate() {
        RecordBatch batch = RecordBatch.wrap(TestBatches.copy(GOOD));
        batch.buffer().putInt(8, GOOD.limit() - 13);
        assertThatThrownBy(batch::validate).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("batchLength");
        assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("batchLength");
    }

    @Test
    void crcMismatchIsCorrupt() {
        ByteBuffer batch = TestBatches.copy(GOOD);
        batch.put(batch.limit() - 1, (byte) (batch.get(batch.limit() - 1) ^ 0x40));
        assertHeaderCorrupt(batch, "CRC mismatch");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, -1, 127})
    void wrongMagicIsCorrupt(int magic) {
        ByteBuffer batch = edited(GOOD, b -> b.put(16, (byte) magic));
        assertHeaderCorrupt(batch, "magic is " + magic + ", expected 1 or 2");
        RecordBatch view = RecordBatch.wrap(batch);
        assertThatThrownBy(view::recordCount).isInstanceOf(CorruptRecordException.class).hasMessageContaining("magic");
        assertThatThrownBy(view::compression).isInstanceOf(CorruptRecordException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> RecordBatches.recordCount(batch, 0)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("magic is " + magic);
        assertThat(view.toString()).contains("magic=" + magic, "count=?");
    }

    @ParameterizedTest
    @ValueSource(ints = {47, 48, 55, 60})
    void aMagic2BatchShorterThanItsHeaderIsCorrupt(int size) {
        // Long enough for a magic-1 header, so it frames; the magic says 61 bytes of header.
        ByteBuffer batch = TestBatches.copy(GOOD).limit(size).putInt(8, size - 12);
        RecordBatch view = RecordBatch.wrap(batch);
        assertHeaderCorrupt(batch, "truncated header: " + size + " bytes, fewer than the 61 of a magic-2 header");
        assertThatThrownBy(view::recordCount).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(view::producerId).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(view::records).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatches.recordCount(batch, 0)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("fewer than its 61-byte header");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7})
    void unknownCodecIsCorrupt(int codec) {
        ByteBuffer batch = edited(GOOD, b -> b.putShort(21, (short) codec));
        assertHeaderCorrupt(batch, "unknown compression codec id " + codec);
        assertThatThrownBy(() -> RecordBatch.wrap(batch).compression()).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatch.wrap(batch).records()).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @CsvSource({"1, gzip", "2, snappy"})
    void kafkaCodecsNotImplementedAreRefusedByName(int codec, String name) {
        ByteBuffer batch = edited(GOOD, b -> b.putShort(21, (short) codec));
        assertHeaderCorrupt(batch, "codec " + name + " is not supported yet");
        assertThatThrownBy(() -> RecordBatch.wrap(batch).compression()).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("codec " + name + " is not supported yet");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0x100, 0x4000, 0x8000})
    void unknownAttributeBitsAreCorrupt(int bits) {
        assertHeaderCorrupt(edited(GOOD, b -> b.putShort(21, (short) bits)), "unknown attribute bits");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "8; the LogAppendTime timestamp type (attribute bit 3) is not supported yet",
        "16; transactional batches (attribute bit 4) are not supported yet",
        "32; control batches (attribute bit 5) are not supported yet",
        "64; a delete horizon (attribute bit 6) is not supported yet"})
    void kafkaAttributeFlagsNotImplementedAreRefusedByName(int bit, String message) {
        assertHeaderCorrupt(edited(GOOD, b -> b.putShort(21, (short) bit)), message);
        assertHeaderCorrupt(edited(GOOD, b -> b.putShort(21, (short) (bit | 3))), message);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void recordCountBelowOneIsCorrupt(int count) {
        assertHeaderCorrupt(edited(GOOD, b -> b.putInt(57, count).putInt(23, count - 1)), "recordCount is " + count);
    }

    @Test
    void lastOffsetDeltaMustBeCountMinusOne() {
        assertHeaderCorrupt(edited(GOOD, b -> b.putInt(23, 5)), "lastOffsetDelta is 5");
    }

    @Test
    void maxTimestampBeforeFirstIsCorrupt() {
        assertHeaderCorrupt(edited(GOOD, b -> b.putLong(35, 999)), "maxTimestamp 999 is before firstTimestamp 1000");
    }

    @Test
    void recordCountHigherThanTheRecordsIsCorrupt() {
        ByteBuffer batch = edited(GOOD, b -> b.putInt(57, 4).putInt(23, 3));
        RecordBatch.wrap(batch).validate();
        assertThatThrownBy(() -> RecordBatch.wrap(batch).validateRecords())
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("holds 3");
    }

    @Test
    void recordCountLowerThanTheRecordsIsCorrupt() {
        ByteBuffer batch = edited(GOOD, b -> b.putInt(57, 2).putInt(23, 1));
        assertThatThrownBy(() -> RecordBatch.wrap(batch).validateRecords())
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("trailing bytes");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void hugeRecordCountWithATinySectionFailsWithoutAllocating(CompressionType codec) {
        for (BatchFormat format : BatchFormat.values()) {
            byte[] section = TestBatches.compressed(format, codec, simpleRecord(0));
            int id = TestBatches.codecId(format, codec);
            ByteBuffer batch = format == BatchFormat.V1
                    ? TestBatches.craftV1(id, Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 0, 0, section)
                    : craft(id, Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 0, 0, section);
            RecordBatch.wrap(batch).validate();
            assertThatThrownBy(() -> RecordBatch.wrap(batch).records()).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("records need at least");
        }
    }

    @Test
    void maxTimestampMustMatchTheRecords() {
        ByteBuffer batch = edited(GOOD, b -> b.putLong(35, 5_000));
        RecordBatch.wrap(batch).validate();
        assertThatThrownBy(() -> RecordBatch.wrap(batch).validateRecords())
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("largest record timestamp is 1002");
    }

    /** Records sections that are wrong in one way each; all framed with a valid header and CRC. */
    static Stream<Arguments> badSections() {
        byte[] ok = simpleRecord(0);
        return Stream.of(
                Arguments.of("overlong length varint", 1, concat(0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0), "record 0: malformed varint"),
                Arguments.of("truncated length varint", 2, concat(bigRecord(0), 0x80), "record 1: truncated varint"),
                Arguments.of("length past the end", 1, concat(varint(50), 0, 0, 0, 1, 1, 0), "length 50 is invalid"),
                Arguments.of("negative record length", 1, concat(varint(-1), 0, 0, 0, 1, 1, 0), "length -1 is invalid"),
                Arguments.of("record shorter than minimum", 1, concat(varint(2), 0, 0, 0, 0, 0, 0), "length 2 is invalid"),
                Arguments.of("key length past the end", 1, record(0, 0, 0, varint(40), 1, 0), "key length 40 is invalid"),
                Arguments.of("key length -2", 1, record(0, 0, 0, varint(-2), 1, 0), "key length -2 is invalid"),
                Arguments.of("value length past the end", 1, record(0, 0, 0, 1, varint(9), 0), "value length 9"),
                Arguments.of("value length MIN", 1, record(0, 0, 0, 1, varint(Integer.MIN_VALUE), 0), "value length"),
                Arguments.of("truncated varint inside a record", 1, record(0, 0, 0, 1, 1, 0x80), "truncated varint"),
                Arguments.of("bad timestamp varlong", 1,
                        record(0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 1, 1, 0), "more than 64 bits"),
                Arguments.of("record attributes", 1, record(4, 0, 0, 1, 1, 0), "attributes are 4"),
                Arguments.of("offset delta out of order", 2, concat(simpleRecord(1), simpleRecord(0)),
                        "offset delta is 1, expected 0"),
                Arguments.of("offset delta skips", 2, concat(ok, simpleRecord(2)), "offset delta is 2, expected 1"),
                Arguments.of("trailing garbage after the last record", 1, concat(ok, 0, 0, 0), "3 trailing bytes"),
                Arguments.of("trailing bytes inside a record", 1, record(0, 0, 0, 1, 1, 0, 0x55, 0x55), "2 unused bytes"),
                Arguments.of("fewer records than the count", 3, concat(bigRecord(0), bigRecord(1)), "holds 2"),
                Arguments.of("negative header count", 1, record(0, 0, 0, 1, 1, varint(-3)), "header count -3"),
                Arguments.of("huge header count", 1, record(0, 0, 0, 1, 1, varint(Integer.MAX_VALUE), 0, 0),
                        "header count 2147483647"),
                Arguments.of("null header key", 1, record(0, 0, 0, 1, 1, varint(1), varint(-1), 1), "header 0 key length -1"),
                Arguments.of("header key past the end", 1, record(0, 0, 0, 1, 1, varint(1), varint(30), 1),
                        "header 0 key length 30"),
                Arguments.of("header key not UTF-8", 1, record(0, 0, 0, 1, 1, varint(1), varint(2), 0xc3, 0x28, 1),
                        "not valid UTF-8"),
                Arguments.of("header value past the end", 1, record(0, 0, 0, 1, 1, varint(1), varint(1), (int) 'h', varint(7)),
                        "header 0 value length 7"),
                Arguments.of("header count past the end", 1, record(0, 0, 0, 1, 1, varint(2), varint(1), (int) 'h', 1),
                        "record 0: header count 2 is invalid"),
                Arguments.of("missing header value", 1, record(0, 0, 0, 1, 1, varint(1), varint(1), (int) 'h'),
                        "record 0: truncated varint"));
    }

    /** A well-formed record with a 40-byte value. */
    private static byte[] bigRecord(int index) {
        return record(0, 0, varint(index), 1, varint(40), new byte[40], 0);
    }

    /** A record whose body is {@code parts} with its length prefix. */
    private static byte[] record(Object... parts) {
        byte[] body = concat(parts);
        return concat(varint(body.length), body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSections")
    void malformedRecordsAreCorruptInEveryCodecAndMagic(String name, int count, byte[] section, String message) {
        for (BatchFormat format : BatchFormat.values()) {
            for (CompressionType codec : CompressionType.values()) {
                ByteBuffer batch = craft(format, codec, count, TestBatches.compressed(format, codec, section));
                RecordBatch view = RecordBatch.wrap(batch);
                String as = format + " " + codec;
                assertThatCode(view::validate).as("the header and CRC are fine").doesNotThrowAnyException();
                assertThatThrownBy(view::records).as(as + " records()").isInstanceOf(CorruptRecordException.class)
                        .hasMessageContaining(message);
                assertThatThrownBy(view::validateRecords).as(as + " validateRecords()")
                        .isInstanceOf(CorruptRecordException.class).hasMessageContaining(message);
            }
        }
    }

    @Test
    void theCraftingHelpersMakeValidBatches() {
        for (BatchFormat format : BatchFormat.values()) {
            for (CompressionType codec : CompressionType.values()) {
                byte[] section = concat(simpleRecord(0), simpleRecord(1));
                RecordBatch batch = RecordBatch.wrap(craft(format, codec, 2,
                        TestBatches.compressed(format, codec, section)));
                batch.validateRecords();
                assertThat(batch.magic()).isEqualTo(format.magic());
                assertThat(batch.compression()).isEqualTo(codec);
                assertThat(batch.records()).hasSize(2).allSatisfy(r -> assertThat(r.key()).containsExactly('k'));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"LZ4", "ZSTD"})
    void garbageInACompressedSectionIsCorrupt(CompressionType codec) {
        byte[] garbage = concat(0x00, 0x00, 0x00, 0x20, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03);
        for (BatchFormat format : BatchFormat.values()) {
            RecordBatch batch = RecordBatch.wrap(craft(format, codec, 1, garbage));
            batch.validate();
            assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining(codec.name().toLowerCase());
            RecordBatch empty = RecordBatch.wrap(craft(format, codec, 1, new byte[0]));
            assertThatThrownBy(empty::records).isInstanceOf(CorruptRecordException.class);
        }
    }

    // ---- magic 1, still read: its own codec ids and no Kafka flags ----

    private static final ByteBuffer GOOD_V1 = MagicV1Batches.build(100, 3, CompressionType.NONE,
            TestBatches.records(3, 1_000));

    @Test
    void aMagic1BatchValidatesAndReportsNoProducer() {
        RecordBatch batch = RecordBatch.wrap(TestBatches.copy(GOOD_V1));
        batch.validateRecords();
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V1);
        assertThat(batch.records()).isEqualTo(TestBatches.records(3, 1_000));
        assertThat(batch.producerId()).isEqualTo(-1L);
        assertThat(batch.producerEpoch()).isEqualTo((short) -1);
        assertThat(batch.baseSequence()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 7})
    void magic1KnowsOnlyItsOwnCodecIds(int codec) {
        assertHeaderCorrupt(edited(GOOD_V1, b -> b.putShort(21, (short) codec)), "unknown compression codec id " + codec);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x08, 0x10, 0x20, 0x40, 0x100, 0x8000})
    void magic1HasNoAttributeBitsBesidesTheCodec(int bits) {
        assertHeaderCorrupt(edited(GOOD_V1, b -> b.putShort(21, (short) bits)), "unknown attribute bits");
    }

    @Test
    void magic1RecordCountIsAtItsOwnOffset() {
        assertHeaderCorrupt(edited(GOOD_V1, b -> b.putInt(43, 0).putInt(23, -1)), "recordCount is 0");
        assertThat(RecordBatches.recordCount(GOOD_V1, 0)).isEqualTo(3);
        assertThatThrownBy(() -> RecordBatches.recordCount(TestBatches.copy(GOOD_V1).limit(46), 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("fewer than its 47-byte header");
    }

    @Test
    void aMagic1BatchCrcCoversTheSameRange() {
        ByteBuffer batch = TestBatches.copy(GOOD_V1);
        batch.put(47, (byte) (batch.get(47) ^ 1));
        assertHeaderCorrupt(batch, "CRC mismatch");
    }
}
