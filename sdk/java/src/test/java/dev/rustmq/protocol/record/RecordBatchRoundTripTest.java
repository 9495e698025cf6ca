package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.TestBatches.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchRoundTripTest {

    private static List<Record> roundTrip(CompressionType compression, List<Record> records) {
        ByteBuffer built = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, compression, records);
        RecordBatch batch = RecordBatch.wrap(built);
        batch.validate();
        batch.validateRecords();
        List<Record> decoded = batch.records();
        assertThat(decoded).isEqualTo(records);
        return decoded;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void nullAndEmptyKeysAndValues(CompressionType compression) {
        List<Record> decoded = roundTrip(compression, List.of(
                Record.of(null, utf8("v"), 1),
                Record.of(utf8("k"), null, 2),
                Record.of(null, null, 3),
                Record.of(new byte[0], new byte[0], 4),
                Record.of(new byte[0], null, 5)));
        assertThat(decoded.get(0).key()).isNull();
        assertThat(decoded.get(1).value()).isNull();
        assertThat(decoded.get(3).key()).isEmpty();
        assertThat(decoded.get(4).value()).isNull();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void headersWithNullValuesAndUtf8Keys(CompressionType compression) {
        roundTrip(compression, List.of(
                new Record(10, utf8("k"), utf8("v"), List.of(
                        new Header("trace-id", utf8("abc")),
                        new Header("ключ", null),
                        new Header("🔑 clé", new byte[0]),
                        new Header("", utf8("empty key")),
                        new Header("trace-id", utf8("duplicate keys are kept in order")))),
                new Record(11, null, null, List.of(new Header("only", null)))));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void largeValues(CompressionType compression) {
        byte[] random = new byte[1 << 20];
        new Random(42).nextBytes(random);
        byte[] zeros = new byte[1 << 20];
        roundTrip(compression, List.of(Record.of(utf8("random"), random, 1), Record.of(utf8("zeros"), zeros, 2)));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void manyRecords(CompressionType compression) {
        List<Record> records = TestBatches.records(10_000, 1_700_000_000_000L);
        roundTrip(compression, records);
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.build(500, 3, compression, records));
        assertThat(batch.recordCount()).isEqualTo(10_000);
        assertThat(batch.lastOffset()).isEqualTo(10_499);
        assertThat(batch.nextOffset()).isEqualTo(10_500);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void timestampsMayGoBackwardsAndSpanTheWholeRange(CompressionType compression) {
        List<Record> records = List.of(
                Record.of(null, utf8("a"), 1_000),
                Record.of(null, utf8("b"), 400),
                Record.of(null, utf8("c"), -5),
                Record.of(null, utf8("d"), Long.MAX_VALUE),
                Record.of(null, utf8("e"), Long.MIN_VALUE),
                Record.of(null, utf8("f"), 1_000));
        roundTrip(compression, records);
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.build(0, -1, compression, records));
        assertThat(batch.firstTimestamp()).isEqualTo(1_000);
        assertThat(batch.maxTimestamp()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void headerFieldsDescribeTheBatch(CompressionType compression) {
        List<Record> records = List.of(Record.of(null, utf8("a"), 50), Record.of(null, utf8("b"), 70),
                Record.of(null, utf8("c"), 60));
        ByteBuffer built = RecordBatchBuilder.build(1_000, 7, compression, records);
        assertThat(built.position()).isZero();
        assertThat(built.limit()).isEqualTo(built.capacity());

        RecordBatch batch = RecordBatch.wrap(built);
        assertThat(batch.baseOffset()).isEqualTo(1_000);
        assertThat(batch.lastOffset()).isEqualTo(1_002);
        assertThat(batch.nextOffset()).isEqualTo(1_003);
        assertThat(batch.leaderEpoch()).isEqualTo(7);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.firstTimestamp()).isEqualTo(50);
        assertThat(batch.maxTimestamp()).isEqualTo(70);
        assertThat(batch.compression()).isEqualTo(compression);
        assertThat(batch.sizeInBytes()).isEqualTo(built.limit());
        assertThat(batch.checksum()).isEqualTo(batch.computeChecksum())
                .isEqualTo(Integer.toUnsignedLong(TestBatches.crcOf(built)));
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V2);
        assertThat(batch.toString()).contains("magic=2", "baseOffset=1000", "count=3");
    }

    @Test
    void exactBytesOfASmallUncompressedBatch() {
        ByteBuffer built = RecordBatchBuilder.build(0x0102030405060708L, 9, CompressionType.NONE,
                List.of(Record.of(utf8("k"), utf8("v"), 1000), Record.of(null, new byte[0], 999)));
        byte[] records = TestBatches.concat(
                // length 8: attributes, tsDelta 0, offsetDelta 0, key "k", value "v", no headers
                0x10, 0x00, 0x00, 0x00, 0x02, (int) 'k', 0x02, (int) 'v', 0x00,
                // length 6: attributes, tsDelta -1, offsetDelta 1, null key, empty value, no headers
                0x0c, 0x00, 0x01, 0x02, 0x01, 0x00, 0x00);
        ByteBuffer expected = ByteBuffer.allocate(61 + records.length)
                .putLong(0x0102030405060708L).putInt(49 + records.length).putInt(9).put((byte) 2)
                .putInt(0).putShort((short) 0).putInt(1).putLong(1000).putLong(1000)
                .putLong(-1).putShort((short) -1).putInt(-1) // no producer id, epoch, sequence
                .putInt(2).put(records)
                .flip();
        expected.putInt(17, TestBatches.crcOf(expected));
        assertThat(TestBatches.bytes(built)).isEqualTo(TestBatches.bytes(expected));
    }

    @Test
    void producerFieldsAreWrittenAtTheirOffsetsInsideTheCrc() {
        List<Record> records = TestBatches.records(3, 10);
        ProducerFields producer = new ProducerFields(0x1122334455667788L, (short) 0x0a0b, 0x01020304);
        ByteBuffer built = RecordBatchBuilder.build(0, -1, CompressionType.NONE, producer, records);
        assertThat(built.getLong(43)).isEqualTo(0x1122334455667788L);
        assertThat(built.getShort(51)).isEqualTo((short) 0x0a0b);
        assertThat(built.getInt(53)).isEqualTo(0x01020304);
        assertThat(built.getInt(57)).isEqualTo(3);

        ByteBuffer withoutProducer = RecordBatchBuilder.build(0, -1, CompressionType.NONE, records);
        assertThat(TestBatches.bytes(withoutProducer.duplicate().position(61)))
                .isEqualTo(TestBatches.bytes(built.duplicate().position(61)));
        assertThat(TestBatches.crcOf(withoutProducer)).as("the producer fields are inside the CRC")
                .isNotEqualTo(TestBatches.crcOf(built));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producerFieldsRoundTrip(CompressionType compression) {
        List<Record> records = TestBatches.records(4, 10);
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.build(0, -1, compression,
                new ProducerFields(Long.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE - 2), records));
        batch.validateRecords();
        assertThat(batch.producerId()).isEqualTo(Long.MAX_VALUE);
        assertThat(batch.producerEpoch()).isEqualTo(Short.MAX_VALUE);
        assertThat(batch.baseSequence()).isEqualTo(Integer.MAX_VALUE - 2);
        assertThat(batch.records()).isEqualTo(records);

        RecordBatch none = RecordBatch.wrap(RecordBatchBuilder.build(0, -1, compression, records));
        assertThat(none.producerId()).isEqualTo(ProducerFields.NO_PRODUCER_ID).isEqualTo(-1L);
        assertThat(none.producerEpoch()).isEqualTo(ProducerFields.NO_PRODUCER_EPOCH).isEqualTo((short) -1);
        assertThat(none.baseSequence()).isEqualTo(ProducerFields.NO_SEQUENCE).isEqualTo(-1);
        assertThat(none.magic()).isEqualTo(RecordBatch.MAGIC_V2);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"LZ4", "ZSTD"})
    void compressionShrinksRepetitiveRecords(CompressionType compression) {
        List<Record> records = TestBatches.records(1_000, 0);
        int plain = RecordBatchBuilder.build(0, -1, CompressionType.NONE, records).limit();
        int compressed = RecordBatchBuilder.build(0, -1, compression, records).limit();
        assertThat(compressed).isLessThan(plain * 2 / 3);
    }

    @Test
    void lz4SectionIsAnLz4FrameWithKafkasHeader() {
        ByteBuffer lz4 = RecordBatchBuilder.build(0, -1, CompressionType.LZ4, TestBatches.records(10, 0));
        assertThat(lz4.getShort(21)).as("Kafka's id for lz4").isEqualTo((short) 3);
        // Magic 0x184D2204 (little-endian), FLG 0x60 (version 01, independent blocks, nothing else),
        // BD 0x40 (64 KiB blocks), header checksum 0x82: the 7 bytes Kafka's producer writes.
        assertThat(TestBatches.bytes(lz4.duplicate().position(61).limit(68)))
                .isEqualTo(TestBatches.concat(0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82));
        assertThat(lz4.getInt(lz4.limit() - 4)).as("the end mark, no content checksum").isZero();
    }

    @Test
    void zstdSectionIsAStandardFrame() {
        ByteBuffer zstd = RecordBatchBuilder.build(0, -1, CompressionType.ZSTD, TestBatches.records(10, 0));
        assertThat(zstd.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(61)).isEqualTo(0xFD2FB528);
        assertThat(zstd.getShort(21)).as("Kafka's id for zstd").isEqualTo((short) 4);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void wrapViewsTheBatchAtThePositionWithoutMovingIt(CompressionType compression) {
        List<Record> records = TestBatches.records(3, 10);
        ByteBuffer built = RecordBatchBuilder.build(0, -1, compression, records);
        ByteBuffer big = ByteBuffer.allocate(built.limit() + 100);
        big.position(30);
        big.put(built.duplicate());
        big.put(new byte[] {1, 2, 3});
        big.position(30);

        RecordBatch batch = RecordBatch.wrap(big);
        assertThat(big.position()).isEqualTo(30);
        assertThat(big.limit()).isEqualTo(big.capacity());
        assertThat(batch.sizeInBytes()).isEqualTo(built.limit());
        batch.validateRecords();
        assertThat(batch.records()).isEqualTo(records);

        ByteBuffer view = batch.buffer();
        assertThat(view.position()).isZero();
        assertThat(view.remaining()).isEqualTo(built.limit());
        assertThat(TestBatches.bytes(view)).isEqualTo(TestBatches.bytes(built));
        view.position(5);
        assertThat(batch.buffer().position()).isZero();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void directReadOnlyAndLittleEndianBuffersWork(CompressionType compression) {
        List<Record> records = TestBatches.records(20, 10);
        ByteBuffer built = RecordBatchBuilder.build(4, 2, compression, records);

        ByteBuffer direct = ByteBuffer.allocateDirect(built.limit());
        direct.put(built.duplicate()).flip();
        direct.order(ByteOrder.LITTLE_ENDIAN);
        RecordBatch fromDirect = RecordBatch.wrap(direct);
        fromDirect.validateRecords();
        assertThat(fromDirect.baseOffset()).isEqualTo(4);
        assertThat(fromDirect.records()).isEqualTo(records);

        RecordBatch readOnly = RecordBatch.wrap(built.asReadOnlyBuffer());
        readOnly.validateRecords();
        assertThat(readOnly.records()).isEqualTo(records);
        assertThat(RecordBatches.sizeOf(direct, 0)).isEqualTo(built.limit());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void brokerRewritesOffsetAndEpochInPlaceWithoutTouchingTheCrc(CompressionType compression) {
        ByteBuffer built = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, compression,
                TestBatches.records(5, 100));
        byte[] before = TestBatches.bytes(built);
        RecordBatch batch = RecordBatch.wrap(built);
        long checksum = batch.checksum();

        batch.setBaseOffset(123_456_789_000L);
        batch.setLeaderEpoch(42);

        batch.validate();
        batch.validateRecords();
        assertThat(batch.checksum()).isEqualTo(checksum).isEqualTo(batch.computeChecksum());
        assertThat(batch.baseOffset()).isEqualTo(123_456_789_000L);
        assertThat(batch.lastOffset()).isEqualTo(123_456_789_004L);
        assertThat(batch.leaderEpoch()).isEqualTo(42);
        // The view writes through to the caller's bytes, and only into [0, 8) and [12, 16).
        byte[] after = TestBatches.bytes(built);
        assertThat(built.getLong(0)).isEqualTo(123_456_789_000L);
        assertThat(Arrays.copyOfRange(after, 8, 12)).isEqualTo(Arrays.copyOfRange(before, 8, 12));
        assertThat(Arrays.copyOfRange(after, 16, after.length)).isEqualTo(Arrays.copyOfRange(before, 16, before.length));
    }

    @Test
    void builderRejectsBadInput() {
        assertThatThrownBy(() -> RecordBatchBuilder.build(0, -1, CompressionType.NONE, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one record");
        List<Record> withNull = new ArrayList<>();
        withNull.add(Record.of(null, null, 1));
        withNull.add(null);
        assertThatThrownBy(() -> RecordBatchBuilder.build(0, -1, CompressionType.NONE, withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("record 1");
        List<Record> badKey = List.of(new Record(1, null, null, List.of(new Header("bad \uD800 key", null))));
        assertThatThrownBy(() -> RecordBatchBuilder.build(0, -1, CompressionType.ZSTD, badKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void builderAcceptsAnyListImplementation() {
        List<Record> records = new LinkedList<>(TestBatches.records(4, 1));
        roundTrip(CompressionType.LZ4, records);
    }

    @Test
    void compressedBatchesAreCappedAtTheDefaultDecodeLimit() {
        byte[] value = new byte[RecordBatch.DEFAULT_MAX_UNCOMPRESSED_SIZE];
        List<Record> records = List.of(Record.of(null, value, 1));
        assertThatThrownBy(() -> RecordBatchBuilder.build(0, -1, CompressionType.ZSTD, records))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZSTD");
    }
}
