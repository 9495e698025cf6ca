package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Magic-2 batches against Kafka's own record library (kafka-clients, test scope only), both ways:
 * what our builder writes, Kafka validates and reads field for field; what Kafka's builder
 * writes, ours validates and decodes. Kafka's classes share names with ours, so theirs are
 * spelled out where they meet.
 */
class KafkaInteropTest {
    private static final long BASE_OFFSET = 5_000;
    private static final int LEADER_EPOCH = 11;
    private static final ProducerFields PRODUCER = new ProducerFields(123_456_789_012L, (short) 17, 1_000);

    /** Headers (null value, repeated and non-ASCII keys), null and empty keys and values, timestamps out of order, and values that span several 64 KiB LZ4 blocks, compressible and not. */
    private static List<Record> records() {
        byte[] noise = new byte[150_000];
        new Random(42).nextBytes(noise);
        byte[] text = new byte[200_000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + (i * 7 + i / 13) % 26);
        }
        return List.of(
                new Record(1_700_000_000_000L, TestBatches.utf8("key-0"), TestBatches.utf8("value-0"), List.of(
                        new Header("trace-id", TestBatches.utf8("abc")), new Header("null-value", null),
                        new Header("trace-id", TestBatches.utf8("repeated")), new Header("clé 🔑", new byte[0]))),
                new Record(1_700_000_000_010L, null, TestBatches.utf8("no key"), List.of()),
                new Record(1_699_999_999_000L, TestBatches.utf8("no value, earlier"), null, List.of()),
                new Record(1_700_000_000_005L, new byte[0], new byte[0], List.of(new Header("", null))),
                new Record(1_700_000_000_020L, null, null, List.of()),
                new Record(1_700_000_000_030L, TestBatches.utf8("noise"), noise, List.of()),
                new Record(1_700_000_000_040L, TestBatches.utf8("text"), text, List.of(new Header("h", text))));
    }

    private static <T> List<T> list(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return buffer == null ? null : TestBatches.bytes(buffer);
    }

    private static org.apache.kafka.common.header.Header[] kafkaHeaders(Record record) {
        return record.headers().stream().map(h -> new RecordHeader(h.key(), h.value()))
                .toArray(org.apache.kafka.common.header.Header[]::new);
    }

    private static Record fromKafka(org.apache.kafka.common.record.internal.Record record) {
        List<Header> headers = Arrays.stream(record.headers()).map(h -> new Header(h.key(), h.value())).toList();
        return new Record(record.timestamp(), bytes(record.key()), bytes(record.value()), headers);
    }

    private static org.apache.kafka.common.record.internal.CompressionType kafkaType(CompressionType codec) {
        return switch (codec) {
            case NONE -> org.apache.kafka.common.record.internal.CompressionType.NONE;
            case LZ4 -> org.apache.kafka.common.record.internal.CompressionType.LZ4;
            case ZSTD -> org.apache.kafka.common.record.internal.CompressionType.ZSTD;
        };
    }

    /** Kafka's builder with the same header fields as ours; {@code compression} at Kafka's default level unless given. */
    private static ByteBuffer kafkaBatch(Compression compression, List<Record> records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 21),
                org.apache.kafka.common.record.internal.RecordBatch.MAGIC_VALUE_V2, compression,
                TimestampType.CREATE_TIME, BASE_OFFSET, org.apache.kafka.common.record.internal.RecordBatch.NO_TIMESTAMP,
                PRODUCER.producerId(), PRODUCER.producerEpoch(), PRODUCER.baseSequence(), false, LEADER_EPOCH);
        for (Record record : records) {
            builder.append(record.timestamp(), record.key(), record.value(), kafkaHeaders(record));
        }
        return builder.build().buffer();
    }

    /** Ours, stamped with the offset and epoch as the broker stores it. */
    private static ByteBuffer ourBatch(CompressionType codec, List<Record> records) {
        ByteBuffer built = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, codec, PRODUCER, records);
        RecordBatch batch = RecordBatch.wrap(built);
        batch.setBaseOffset(BASE_OFFSET);
        batch.setLeaderEpoch(LEADER_EPOCH);
        return built;
    }

    // ---- ours, read by Kafka ----

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaValidatesAndReadsWhatOurBuilderWrites(CompressionType codec) {
        List<Record> records = records();
        ByteBuffer ours = ourBatch(codec, records);

        List<MutableRecordBatch> batches = list(MemoryRecords.readableRecords(ours.duplicate()).batches());
        assertThat(batches).hasSize(1);
        MutableRecordBatch kafka = batches.get(0);
        kafka.ensureValid();
        assertThat(kafka.magic()).isEqualTo((byte) 2);
        assertThat(kafka.sizeInBytes()).isEqualTo(ours.limit());
        assertThat(kafka.checksum()).isEqualTo(RecordBatch.wrap(ours).checksum());
        assertThat(kafka.baseOffset()).isEqualTo(BASE_OFFSET);
        assertThat(kafka.lastOffset()).isEqualTo(BASE_OFFSET + records.size() - 1);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(LEADER_EPOCH);
        assertThat(kafka.compressionType()).isEqualTo(kafkaType(codec));
        assertThat(kafka.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(kafka.maxTimestamp()).isEqualTo(1_700_000_000_040L);
        assertThat(kafka.countOrNull()).isEqualTo(records.size());
        assertThat(kafka.producerId()).isEqualTo(PRODUCER.producerId());
        assertThat(kafka.producerEpoch()).isEqualTo(PRODUCER.producerEpoch());
        assertThat(kafka.baseSequence()).isEqualTo(PRODUCER.baseSequence());
        assertThat(kafka.lastSequence()).isEqualTo(PRODUCER.baseSequence() + records.size() - 1);
        assertThat(kafka.isTransactional()).isFalse();
        assertThat(kafka.isControlBatch()).isFalse();
        assertThat(kafka.deleteHorizonMs()).isEmpty();

        List<org.apache.kafka.common.record.internal.Record> read = list(kafka);
        assertThat(read).hasSameSizeAs(records);
        for (int i = 0; i < read.size(); i++) {
            org.apache.kafka.common.record.internal.Record record = read.get(i);
            record.ensureValid();
            assertThat(record.offset()).isEqualTo(BASE_OFFSET + i);
            assertThat(record.sequence()).isEqualTo(PRODUCER.baseSequence() + i);
            assertThat(record.hasKey()).isEqualTo(records.get(i).key() != null);
            assertThat(record.hasValue()).isEqualTo(records.get(i).value() != null);
            assertThat(fromKafka(record)).as("record %d", i).isEqualTo(records.get(i));
        }
    }

    @Test
    void kafkaReadsOurBatchWithoutAProducer() {
        ByteBuffer ours = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.LZ4,
                TestBatches.records(3, 10));
        MutableRecordBatch kafka = list(MemoryRecords.readableRecords(ours).batches()).get(0);
        kafka.ensureValid();
        assertThat(kafka.hasProducerId()).isFalse();
        assertThat(kafka.producerId()).isEqualTo(org.apache.kafka.common.record.internal.RecordBatch.NO_PRODUCER_ID);
        assertThat(kafka.producerEpoch())
                .isEqualTo(org.apache.kafka.common.record.internal.RecordBatch.NO_PRODUCER_EPOCH);
        assertThat(kafka.baseSequence()).isEqualTo(org.apache.kafka.common.record.internal.RecordBatch.NO_SEQUENCE);
        assertThat(kafka.partitionLeaderEpoch())
                .isEqualTo(org.apache.kafka.common.record.internal.RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    // ---- Kafka's, read by ours ----

    static Stream<Arguments> kafkaCompressions() {
        return Stream.of(
                Arguments.of("none", Compression.NONE, CompressionType.NONE),
                Arguments.of("lz4 default level", Compression.lz4().build(), CompressionType.LZ4),
                Arguments.of("lz4 level 1", Compression.lz4().level(1).build(), CompressionType.LZ4),
                Arguments.of("lz4 level 17", Compression.lz4().level(17).build(), CompressionType.LZ4),
                Arguments.of("zstd default level", Compression.zstd().build(), CompressionType.ZSTD),
                Arguments.of("zstd level 1", Compression.zstd().level(1).build(), CompressionType.ZSTD),
                Arguments.of("zstd level 19", Compression.zstd().level(19).build(), CompressionType.ZSTD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kafkaCompressions")
    void ourReaderValidatesAndDecodesWhatKafkasBuilderWrites(String name, Compression compression,
            CompressionType codec) {
        List<Record> records = records();
        ByteBuffer kafka = kafkaBatch(compression, records);
        long kafkaChecksum = list(MemoryRecords.readableRecords(kafka.duplicate()).batches()).get(0).checksum();

        List<RecordBatch> batches = RecordBatches.split(kafka);
        assertThat(batches).hasSize(1);
        RecordBatch ours = batches.get(0);
        ours.validate();
        ours.validateRecords();
        assertThat(ours.magic()).isEqualTo(RecordBatch.MAGIC_V2);
        assertThat(ours.sizeInBytes()).isEqualTo(kafka.remaining());
        assertThat(ours.checksum()).isEqualTo(kafkaChecksum);
        assertThat(ours.compression()).isEqualTo(codec);
        assertThat(ours.baseOffset()).isEqualTo(BASE_OFFSET);
        assertThat(ours.lastOffset()).isEqualTo(BASE_OFFSET + records.size() - 1);
        assertThat(ours.leaderEpoch()).isEqualTo(LEADER_EPOCH);
        assertThat(ours.recordCount()).isEqualTo(records.size());
        assertThat(ours.firstTimestamp()).isEqualTo(records.get(0).timestamp());
        assertThat(ours.maxTimestamp()).isEqualTo(1_700_000_000_040L);
        assertThat(ours.producerId()).isEqualTo(PRODUCER.producerId());
        assertThat(ours.producerEpoch()).isEqualTo(PRODUCER.producerEpoch());
        assertThat(ours.baseSequence()).isEqualTo(PRODUCER.baseSequence());
        assertThat(ours.records()).isEqualTo(records);
    }

    @Test
    void kafkaBatchesWithoutAProducerOrEpochRead() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 10),
                Compression.zstd().build(), TimestampType.CREATE_TIME, 0L);
        builder.append(5L, TestBatches.utf8("k"), TestBatches.utf8("v"));
        RecordBatch ours = RecordBatch.wrap(builder.build().buffer());
        ours.validateRecords();
        assertThat(ours.producerId()).isEqualTo(ProducerFields.NO_PRODUCER_ID);
        assertThat(ours.producerEpoch()).isEqualTo(ProducerFields.NO_PRODUCER_EPOCH);
        assertThat(ours.baseSequence()).isEqualTo(ProducerFields.NO_SEQUENCE);
        assertThat(ours.leaderEpoch()).isEqualTo(RecordBatch.NO_LEADER_EPOCH);
        assertThat(ours.records()).containsExactly(Record.of(TestBatches.utf8("k"), TestBatches.utf8("v"), 5L));
    }

    // ---- the same bytes ----

    @Test
    void anUncompressedBatchIsByteForByteWhatKafkaWrites() {
        List<Record> records = records();
        assertThat(TestBatches.bytes(ourBatch(CompressionType.NONE, records)))
                .isEqualTo(TestBatches.bytes(kafkaBatch(Compression.NONE, records)));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"LZ4", "ZSTD"})
    void compressedBatchesHoldTheSameRecordBytesAsKafkas(CompressionType codec) {
        List<Record> records = records();
        ByteBuffer ours = ourBatch(codec, records);
        ByteBuffer kafka = kafkaBatch(Compression.of(kafkaType(codec)).build(), records);
        // The headers differ only in batchLength and CRC, the compressed sections in the codec's
        // choices (level, block boundaries); uncompressed, the records are the same bytes.
        assertThat(uncompressedSection(ours)).isEqualTo(uncompressedSection(kafka));
        assertThat(Arrays.copyOfRange(TestBatches.bytes(ours), 21, 61))
                .isEqualTo(Arrays.copyOfRange(TestBatches.bytes(kafka), 21, 61));
        if (codec == CompressionType.LZ4) {
            assertThat(Arrays.copyOfRange(TestBatches.bytes(ours), 61, 68)).as("the LZ4 frame header")
                    .isEqualTo(Arrays.copyOfRange(TestBatches.bytes(kafka), 61, 68));
        }
    }

    private static byte[] uncompressedSection(ByteBuffer batch) {
        RecordBatch view = RecordBatch.wrap(batch);
        ByteBuffer section = batch.duplicate().position(RecordBatch.HEADER_SIZE);
        return TestBatches.bytes(Compressions.decompress(BatchFormat.V2, view.compression(), section, 0,
                RecordBatch.DEFAULT_MAX_UNCOMPRESSED_SIZE));
    }

    // ---- the broker's in-place rewrite ----

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void rewritingOffsetAndEpochKeepsAKafkaBatchValidForKafka(CompressionType codec) {
        ByteBuffer kafka = kafkaBatch(Compression.of(kafkaType(codec)).build(), TestBatches.records(5, 100));
        RecordBatch ours = RecordBatch.wrap(kafka);
        ours.setBaseOffset(987_654_321L);
        ours.setLeaderEpoch(99);
        ours.validateRecords();

        MutableRecordBatch reread = list(MemoryRecords.readableRecords(kafka.duplicate()).batches()).get(0);
        reread.ensureValid();
        assertThat(reread.baseOffset()).isEqualTo(987_654_321L);
        assertThat(reread.partitionLeaderEpoch()).isEqualTo(99);
        assertThat(list(reread)).extracting(org.apache.kafka.common.record.internal.Record::offset)
                .containsExactly(987_654_321L, 987_654_322L, 987_654_323L, 987_654_324L, 987_654_325L);
    }

    @Test
    void oursAndKafkasBatchesSplitBackToBack() {
        ByteBuffer ours = ourBatch(CompressionType.ZSTD, TestBatches.records(4, 0));
        ByteBuffer kafka = kafkaBatch(Compression.lz4().build(), TestBatches.records(2, 0));
        ByteBuffer both = ByteBuffer.allocate(ours.remaining() + kafka.remaining()).put(ours.duplicate())
                .put(kafka.duplicate()).flip();
        List<RecordBatch> split = RecordBatches.split(both);
        assertThat(split).hasSize(2);
        split.forEach(RecordBatch::validateRecords);
        assertThat(list(MemoryRecords.readableRecords(both).batches())).hasSize(2)
                .allSatisfy(MutableRecordBatch::ensureValid);
    }
}
