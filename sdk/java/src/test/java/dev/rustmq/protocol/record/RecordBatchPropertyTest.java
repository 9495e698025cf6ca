package dev.rustmq.protocol.record;

import static dev.rustmq.testing.PropertyCheck.forAll;
import static dev.rustmq.testing.PropertyCheck.forEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.testing.Generators;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchPropertyTest {

    // ---- inputs ----

    /**
     * What {@link RecordBatchBuilder#build} is given; or, for magic 1, what the magic-1 builder was
     * given (no producer fields), to check that those batches stay readable.
     */
    record BatchSpec(BatchFormat format, long baseOffset, int leaderEpoch, CompressionType compression,
            ProducerFields producer, List<Record> records) {
        ByteBuffer build() {
            return format == BatchFormat.V1
                    ? MagicV1Batches.build(baseOffset, leaderEpoch, compression, records)
                    : RecordBatchBuilder.build(baseOffset, leaderEpoch, compression, producer, records);
        }
    }

    record Rewrite(BatchSpec batch, long baseOffset, int leaderEpoch) {
    }

    /** A byte of the batch picked by {@code pick} (reduced modulo the candidates), XORed with {@code mask}. */
    record Flip(BatchSpec batch, int pick, int mask) {
    }

    record Truncation(BatchSpec batch, int pick) {
    }

    record Section(BatchFormat format, CompressionType codec, int count, byte[] section) {
    }

    record Mutation(BatchSpec batch, List<Integer> picks, int mask) {
    }

    // ---- generators ----

    private static List<Record> recordLists(Generators gen) {
        return gen.listOf(1, 30, RecordBatchPropertyTest::record);
    }

    private static Record record(Generators gen) {
        long timestamp = gen.nextBoolean() ? gen.anyLong() : gen.longBetween(1_700_000_000_000L, 1_700_000_100_000L);
        byte[] key = gen.bytesOrNull(200, 0.2);
        byte[] value = gen.bytesOrNull(200, 0.2);
        List<Header> headers = gen.chance(0.05) ? null
                : gen.listOf(0, 4, g -> new Header(g.text(12), g.bytesOrNull(200, 0.2)));
        return new Record(timestamp, key, value, headers);
    }

    private static BatchSpec batches(Generators gen) {
        return new BatchSpec(gen.oneOf(BatchFormat.class), gen.anyLong(), gen.anyInt(), gen.oneOf(CompressionType.class),
                producers(gen), recordLists(gen));
    }

    private static ProducerFields producers(Generators gen) {
        return gen.chance(0.3) ? ProducerFields.NONE
                : new ProducerFields(gen.anyLong(), (short) gen.anyInt(), gen.anyInt());
    }

    private static int mask(Generators gen) {
        return gen.intBetween(1, 255);
    }

    // ---- edge cases ----

    private static final byte[] EMPTY = new byte[0];

    private static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /**
     * Per magic and codec: null and empty keys, values and headers, the largest records and lists,
     * extreme numbers (producer fields too).
     */
    private static List<BatchSpec> edgeBatches() {
        String widest = new String(new int[] {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000,
            Character.MAX_CODE_POINT, 0x10FFFE, 0x10FFFD}, 0, 12);
        List<Header> fullHeaders = Collections.nCopies(4, new Header(widest, filled(200, 0xFF)));
        ProducerFields none = ProducerFields.NONE;
        ProducerFields max = new ProducerFields(Long.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE);
        ProducerFields min = new ProducerFields(Long.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE);
        List<BatchSpec> specs = new ArrayList<>();
        for (BatchFormat format : BatchFormat.values()) {
            for (CompressionType codec : CompressionType.values()) {
                specs.add(new BatchSpec(format, 0, 0, codec, none, List.of(new Record(0, null, null, null))));
                specs.add(new BatchSpec(format, -1, -1, codec, new ProducerFields(0, (short) 0, 0),
                        List.of(new Record(-1, EMPTY, EMPTY, List.of(new Header("", null), new Header("", EMPTY))))));
                specs.add(new BatchSpec(format, Long.MAX_VALUE, Integer.MAX_VALUE, codec, max, Collections.nCopies(30,
                        new Record(Long.MAX_VALUE, filled(200, 0), filled(200, 0xFF), fullHeaders))));
                specs.add(new BatchSpec(format, Long.MIN_VALUE, Integer.MIN_VALUE, codec, min, List.of(
                        new Record(Long.MIN_VALUE, null, EMPTY, List.of()),
                        new Record(Long.MAX_VALUE, EMPTY, null, List.of()),
                        new Record(0, null, null, null),
                        new Record(Long.MIN_VALUE, filled(1, 0x80), filled(1, 0x7F), List.of(new Header("k", null))))));
                specs.add(new BatchSpec(format, 0, RecordBatch.NO_LEADER_EPOCH, codec, none, List.of(
                        new Record(Long.MAX_VALUE, null, null, null),
                        new Record(Long.MIN_VALUE, null, null, null))));
            }
        }
        return specs;
    }

    private static List<BatchSpec> smallEdgeBatches() {
        return edgeBatches().stream().filter(b -> b.build().limit() <= 256).toList();
    }

    private static final int[] MASKS = {0x01, 0x80, 0xFF};

    // ---- round trips ----

    @Test
    void buildThenDecodeGivesTheRecordsBack() {
        forEach(edgeBatches(), RecordBatchPropertyTest::decodesToTheRecordsBuilt);
        forAll(500, RecordBatchPropertyTest::batches, RecordBatchPropertyTest::decodesToTheRecordsBuilt);
    }

    private static void decodesToTheRecordsBuilt(BatchSpec spec) {
        List<Record> records = spec.records();
        ByteBuffer built = spec.build();
        RecordBatch batch = RecordBatch.wrap(built);
        batch.validate();
        batch.validateRecords();
        assertThat(batch.records()).isEqualTo(records);
        assertThat(batch.recordCount()).isEqualTo(records.size());
        assertThat(batch.baseOffset()).isEqualTo(spec.baseOffset());
        assertThat(batch.leaderEpoch()).isEqualTo(spec.leaderEpoch());
        assertThat(batch.compression()).isEqualTo(spec.compression());
        assertThat(batch.magic()).isEqualTo(spec.format().magic());
        ProducerFields producer = spec.format() == BatchFormat.V1 ? ProducerFields.NONE : spec.producer();
        assertThat(new ProducerFields(batch.producerId(), batch.producerEpoch(), batch.baseSequence()))
                .isEqualTo(producer);
        assertThat(batch.firstTimestamp()).isEqualTo(records.get(0).timestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(records.stream().mapToLong(Record::timestamp).max().orElseThrow());
        assertThat(batch.sizeInBytes()).isEqualTo(built.limit());
    }

    @Test
    void rewritingOffsetAndEpochKeepsTheBatchValid() {
        List<Rewrite> edges = new ArrayList<>();
        for (BatchSpec spec : edgeBatches()) {
            edges.add(new Rewrite(spec, Long.MIN_VALUE, Integer.MIN_VALUE));
            edges.add(new Rewrite(spec, Long.MAX_VALUE, Integer.MAX_VALUE));
            edges.add(new Rewrite(spec, 0, -1));
            edges.add(new Rewrite(spec, -1, 0));
            edges.add(new Rewrite(spec, spec.baseOffset(), spec.leaderEpoch()));
        }
        forEach(edges, RecordBatchPropertyTest::rewriteKeepsTheBatchValid);
        forAll(300, gen -> new Rewrite(batches(gen), gen.anyLong(), gen.anyInt()),
                RecordBatchPropertyTest::rewriteKeepsTheBatchValid);
    }

    private static void rewriteKeepsTheBatchValid(Rewrite rewrite) {
        RecordBatch batch = RecordBatch.wrap(rewrite.batch().build());
        long checksum = batch.checksum();
        List<Record> records = batch.records();
        batch.setBaseOffset(rewrite.baseOffset());
        batch.setLeaderEpoch(rewrite.leaderEpoch());
        batch.validate();
        assertThat(batch.checksum()).isEqualTo(checksum).isEqualTo(batch.computeChecksum());
        assertThat(batch.baseOffset()).isEqualTo(rewrite.baseOffset());
        assertThat(batch.leaderEpoch()).isEqualTo(rewrite.leaderEpoch());
        assertThat(batch.records()).isEqualTo(records);
    }

    @Test
    void splitReturnsConcatenatedBatchesInOrder() {
        List<BatchSpec> edgeBatches = edgeBatches();
        List<List<BatchSpec>> edges = new ArrayList<>();
        edges.add(List.of(edgeBatches.get(0)));
        edges.add(edgeBatches);
        edges.add(Collections.nCopies(8, edgeBatches.get(2)));
        for (BatchSpec spec : edgeBatches) {
            edges.add(List.of(spec, spec));
        }
        forEach(edges, RecordBatchPropertyTest::splitsIntoTheParts);
        forAll(200, gen -> gen.listOf(1, 8, RecordBatchPropertyTest::batches),
                RecordBatchPropertyTest::splitsIntoTheParts);
    }

    private static void splitsIntoTheParts(List<BatchSpec> specs) {
        List<ByteBuffer> parts = specs.stream().map(BatchSpec::build).toList();
        int total = parts.stream().mapToInt(ByteBuffer::limit).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(p -> all.put(p.duplicate()));
        all.flip();

        List<RecordBatch> batches = RecordBatches.split(all);
        assertThat(all.position()).isZero();
        assertThat(batches).hasSameSizeAs(parts);
        for (int i = 0; i < parts.size(); i++) {
            batches.get(i).validate();
            assertThat(TestBatches.bytes(batches.get(i).buffer())).isEqualTo(TestBatches.bytes(parts.get(i)));
        }
    }

    // ---- corruption ----

    /** [8, 12) batchLength and 16 magic are checked as framing; [17, end) by the CRC. */
    private static final List<Integer> COVERED_BY_FRAMING = List.of(8, 9, 10, 11, 16);

    private static int coveredPickCount(ByteBuffer built) {
        return built.limit() - 17 + COVERED_BY_FRAMING.size();
    }

    @Test
    void flippingAnyByteTheCrcOrFramingCoversIsDetected() {
        List<Flip> edges = new ArrayList<>();
        for (BatchSpec spec : edgeBatches()) {
            int picks = coveredPickCount(spec.build());
            boolean small = spec.build().limit() <= 256;
            for (int pick = 0; pick < picks; pick++) {
                // every covered byte of the small batches; the framing, header and last bytes of the large ones
                if (small || pick < 40 || pick >= picks - 3) {
                    for (int mask : MASKS) {
                        edges.add(new Flip(spec, pick, mask));
                    }
                }
            }
        }
        forEach(edges, RecordBatchPropertyTest::flipIsDetected);
        forAll(2000, gen -> new Flip(batches(gen), gen.nonNegativeInt(), mask(gen)),
                RecordBatchPropertyTest::flipIsDetected);
    }

    private static void flipIsDetected(Flip flip) {
        ByteBuffer built = flip.batch().build();
        int at = flip.pick() % coveredPickCount(built);
        int position = at < COVERED_BY_FRAMING.size() ? COVERED_BY_FRAMING.get(at)
                : 17 + (at - COVERED_BY_FRAMING.size());
        ByteBuffer corrupted = TestBatches.copy(built);
        corrupted.put(position, (byte) (corrupted.get(position) ^ flip.mask()));

        assertThatThrownBy(() -> RecordBatch.wrap(corrupted).validate())
                .as("flipped position %d", position)
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatch.wrap(corrupted).validateRecords())
                .as("flipped position %d", position)
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void flippingBytesOfTheRewritableFieldsIsNotCorruption() {
        List<Flip> edges = new ArrayList<>();
        for (BatchSpec spec : edgeBatches()) {
            for (int pick = 0; pick <= 11; pick++) {
                for (int mask : MASKS) {
                    edges.add(new Flip(spec, pick, mask));
                }
            }
        }
        forEach(edges, RecordBatchPropertyTest::rewritableFlipIsValid);
        forAll(300, gen -> new Flip(batches(gen), gen.intBetween(0, 11), mask(gen)),
                RecordBatchPropertyTest::rewritableFlipIsValid);
    }

    private static void rewritableFlipIsValid(Flip flip) {
        int position = flip.pick() < 8 ? flip.pick() : 12 + (flip.pick() - 8);
        ByteBuffer changed = TestBatches.copy(flip.batch().build());
        changed.put(position, (byte) (changed.get(position) ^ flip.mask()));
        RecordBatch.wrap(changed).validateRecords();
    }

    @Test
    void anyTruncationIsCorrupt() {
        List<Truncation> edges = new ArrayList<>();
        for (BatchSpec spec : edgeBatches()) {
            int size = spec.build().limit();
            if (size <= 256) {
                for (int pick = 0; pick < size; pick++) {
                    edges.add(new Truncation(spec, pick));
                }
            } else {
                for (int pick : new int[] {0, 1, 11, 12, 16, 17, 20, 21, 46, 47, 48, 57, 60, 61, 62, size - 2,
                    size - 1}) {
                    edges.add(new Truncation(spec, pick));
                }
            }
        }
        forEach(edges, RecordBatchPropertyTest::truncationIsCorrupt);
        forAll(500, gen -> new Truncation(batches(gen), gen.nonNegativeInt()),
                RecordBatchPropertyTest::truncationIsCorrupt);
    }

    private static void truncationIsCorrupt(Truncation truncation) {
        ByteBuffer built = truncation.batch().build();
        ByteBuffer truncated = TestBatches.copy(built).limit(truncation.pick() % built.limit());
        assertThatThrownBy(() -> RecordBatch.wrap(truncated)).isInstanceOf(CorruptRecordException.class);
        if (truncated.hasRemaining()) { // nothing at all is an empty list of batches
            assertThatThrownBy(() -> RecordBatches.split(truncated)).isInstanceOf(CorruptRecordException.class);
        }
    }

    /** Random records sections behind a valid header and CRC: decoding succeeds or throws CorruptRecordException, nothing else. */
    @Test
    void randomSectionsOnlyEverFailAsCorrupt() {
        List<Section> edges = new ArrayList<>();
        for (BatchFormat format : BatchFormat.values()) {
            for (CompressionType codec : CompressionType.values()) {
                for (int count : new int[] {1, 2, 40}) {
                    edges.add(new Section(format, codec, count, EMPTY));
                    edges.add(new Section(format, codec, count, filled(300, 0)));
                    edges.add(new Section(format, codec, count, filled(300, 0xFF)));
                    edges.add(new Section(format, codec, count, TestBatches.compressed(format, codec, EMPTY)));
                    for (int records : new int[] {count - 1, count, count + 1}) {
                        edges.add(new Section(format, codec, count,
                                TestBatches.compressed(format, codec, simpleRecords(records))));
                    }
                }
            }
        }
        forEach(edges, RecordBatchPropertyTest::craftedSectionDecodesOrIsCorrupt);
        forAll(3000, RecordBatchPropertyTest::sections, RecordBatchPropertyTest::craftedSectionDecodesOrIsCorrupt);
    }

    /**
     * Plain random bytes (as before), and, to get past the decompressors' own framing, random bytes
     * or slightly damaged well-formed records compressed the way the codec frames them.
     */
    private static Section sections(Generators gen) {
        BatchFormat format = gen.oneOf(BatchFormat.class);
        CompressionType codec = gen.oneOf(CompressionType.class);
        int count = gen.intBetween(1, 40);
        byte[] section = switch (gen.random().nextInt(4)) {
            case 0, 1 -> gen.bytes(0, 300);
            case 2 -> TestBatches.compressed(format, codec, gen.bytes(0, 300));
            default -> {
                byte[] raw = simpleRecords(gen.intBetween(0, count + 1));
                int damaged = raw.length == 0 ? 0 : gen.intBetween(0, 3);
                for (int i = 0; i < damaged; i++) {
                    raw[gen.random().nextInt(raw.length)] ^= (byte) mask(gen);
                }
                yield TestBatches.compressed(format, codec, raw);
            }
        };
        return new Section(format, codec, count, section);
    }

    private static byte[] simpleRecords(int count) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(TestBatches.simpleRecord(i));
        }
        return TestBatches.concat(parts.toArray());
    }

    private static void craftedSectionDecodesOrIsCorrupt(Section section) {
        ByteBuffer batch = TestBatches.craft(section.format(), section.codec(), section.count(), section.section());
        RecordBatch.wrap(batch).validate();
        decodeExpectingOnlyCorruption(batch, section.count());
    }

    /** Near-valid input reaches deeper into the decoders: mutate a few bytes of a real section, fix the CRC. */
    @Test
    void mutatedSectionsOnlyEverFailAsCorrupt() {
        List<Mutation> edges = new ArrayList<>();
        for (BatchSpec spec : edgeBatches()) {
            int last = spec.build().limit() - spec.format().headerSize() - 1;
            for (int mask : MASKS) {
                edges.add(new Mutation(spec, List.of(0), mask));
                edges.add(new Mutation(spec, List.of(1), mask));
                edges.add(new Mutation(spec, List.of(last), mask));
                edges.add(new Mutation(spec, List.of(0, 1, Math.max(0, last - 1), last), mask));
            }
        }
        forEach(edges, RecordBatchPropertyTest::mutationDecodesOrIsCorrupt);
        forAll(3000, gen -> new Mutation(batches(gen), gen.listOf(1, 4, Generators::nonNegativeInt), mask(gen)),
                RecordBatchPropertyTest::mutationDecodesOrIsCorrupt);
    }

    private static void mutationDecodesOrIsCorrupt(Mutation mutation) {
        ByteBuffer built = mutation.batch().build();
        int headerSize = mutation.batch().format().headerSize();
        int sectionSize = built.limit() - headerSize;
        ByteBuffer mutated = TestBatches.edited(built, b -> {
            for (int pick : mutation.picks()) {
                int position = headerSize + pick % sectionSize;
                b.put(position, (byte) (b.get(position) ^ mutation.mask()));
            }
        });
        RecordBatch.wrap(mutated).validate();
        decodeExpectingOnlyCorruption(mutated, RecordBatch.wrap(built).recordCount());
    }

    /** Entirely random bytes, header included. */
    @Test
    void randomBuffersOnlyEverFailAsCorrupt() {
        List<byte[]> edges = new ArrayList<>(List.of(EMPTY, filled(120, 0), filled(120, 0xFF), filled(11, 0),
                filled(12, 0), filled(47, 0), filled(61, 0)));
        for (int batchLength : new int[] {-1, 0, 34, 35, 36, 48, 49, 50, Integer.MAX_VALUE - 12, Integer.MAX_VALUE}) {
            for (byte magic : new byte[] {RecordBatch.MAGIC_V1, RecordBatch.MAGIC_V2}) {
                edges.add(ByteBuffer.allocate(70).putInt(8, batchLength).put(16, magic).array());
            }
        }
        for (BatchSpec spec : smallEdgeBatches()) {
            byte[] whole = TestBatches.bytes(spec.build());
            edges.add(whole);
            edges.add(Arrays.copyOf(whole, whole.length + 5));
            edges.add(TestBatches.concat(whole, whole));
        }
        forEach(edges, RecordBatchPropertyTest::randomBytesDecodeOrAreCorrupt);
        forAll(3000, RecordBatchPropertyTest::randomBuffers, RecordBatchPropertyTest::randomBytesDecodeOrAreCorrupt);
    }

    /** Up to 120 random bytes; half of the time with a matching size and magic (1 or 2), and then half of the time a valid CRC. */
    private static byte[] randomBuffers(Generators gen) {
        byte[] bytes = gen.bytes(0, 120);
        if (bytes.length < RecordBatch.HEADER_SIZE_V1 || gen.nextBoolean()) {
            return bytes;
        }
        ByteBuffer framed = ByteBuffer.wrap(bytes).putInt(8, bytes.length - RecordBatch.LOG_OVERHEAD)
                .put(16, gen.nextBoolean() ? RecordBatch.MAGIC_V2 : RecordBatch.MAGIC_V1);
        if (gen.nextBoolean()) {
            framed.putInt(17, TestBatches.crcOf(framed));
        }
        return bytes;
    }

    private static void randomBytesDecodeOrAreCorrupt(byte[] bytes) {
        try {
            RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(bytes));
            batch.validateRecords();
        } catch (CorruptRecordException expected) {
            // the only acceptable failure
        }
        try {
            RecordBatches.split(ByteBuffer.wrap(bytes)).forEach(RecordBatch::records);
        } catch (CorruptRecordException expected) {
            // the only acceptable failure
        }
    }

    private static void decodeExpectingOnlyCorruption(ByteBuffer batch, int count) {
        List<Record> records;
        try {
            records = RecordBatch.wrap(batch).records();
        } catch (CorruptRecordException expected) {
            return;
        }
        assertThat(records).hasSize(count);
        RecordBatch.wrap(batch).validateRecords();
    }
}
