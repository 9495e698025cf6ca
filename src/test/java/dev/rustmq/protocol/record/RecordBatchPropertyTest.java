package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RecordBatchPropertyTest {

    // ---- generators ----

    @Provide
    Arbitrary<List<Record>> recordLists() {
        return records().list().ofMinSize(1).ofMaxSize(30);
    }

    private Arbitrary<Record> records() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200).injectNull(0.2);
        Arbitrary<Long> timestamps = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_100_000L));
        Arbitrary<List<Header>> headers = Combinators.combine(headerKeys(), bytes).as(Header::new)
                .list().ofMaxSize(4).injectNull(0.05);
        return Combinators.combine(timestamps, bytes, bytes, headers).as(Record::new);
    }

    /** Any Unicode text with a UTF-8 form: code points, never unpaired surrogates. */
    private Arbitrary<String> headerKeys() {
        return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(12)
                .map(cps -> cps.stream().map(Character::toString).collect(Collectors.joining()));
    }

    @Provide
    Arbitrary<ByteBuffer> batches() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), Arbitraries.of(CompressionType.class),
                recordLists()).as(RecordBatchBuilder::build);
    }

    // ---- round trips ----

    @Property(tries = 500)
    void buildThenDecodeGivesTheRecordsBack(@ForAll("recordLists") List<Record> records,
            @ForAll CompressionType compression, @ForAll long baseOffset, @ForAll int leaderEpoch) {
        ByteBuffer built = RecordBatchBuilder.build(baseOffset, leaderEpoch, compression, records);
        RecordBatch batch = RecordBatch.wrap(built);
        batch.validate();
        batch.validateRecords();
        assertThat(batch.records()).isEqualTo(records);
        assertThat(batch.recordCount()).isEqualTo(records.size());
        assertThat(batch.baseOffset()).isEqualTo(baseOffset);
        assertThat(batch.leaderEpoch()).isEqualTo(leaderEpoch);
        assertThat(batch.compression()).isEqualTo(compression);
        assertThat(batch.firstTimestamp()).isEqualTo(records.get(0).timestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(records.stream().mapToLong(Record::timestamp).max().orElseThrow());
        assertThat(batch.sizeInBytes()).isEqualTo(built.limit());
    }

    @Property(tries = 300)
    void rewritingOffsetAndEpochKeepsTheBatchValid(@ForAll("batches") ByteBuffer built,
            @ForAll long baseOffset, @ForAll int leaderEpoch) {
        RecordBatch batch = RecordBatch.wrap(built);
        long checksum = batch.checksum();
        List<Record> records = batch.records();
        batch.setBaseOffset(baseOffset);
        batch.setLeaderEpoch(leaderEpoch);
        batch.validate();
        assertThat(batch.checksum()).isEqualTo(checksum).isEqualTo(batch.computeChecksum());
        assertThat(batch.baseOffset()).isEqualTo(baseOffset);
        assertThat(batch.leaderEpoch()).isEqualTo(leaderEpoch);
        assertThat(batch.records()).isEqualTo(records);
    }

    @Property(tries = 200)
    void splitReturnsConcatenatedBatchesInOrder(@ForAll @Size(min = 1, max = 8) List<@From("batches") ByteBuffer> parts) {
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

    @Property(tries = 2000)
    void flippingAnyByteTheCrcOrFramingCoversIsDetected(@ForAll("batches") ByteBuffer built,
            @ForAll @IntRange(min = 0) int pick, @ForAll @IntRange(min = 1, max = 255) int mask) {
        // [8, 12) batchLength and 16 magic are checked as framing; [17, end) by the CRC.
        List<Integer> covered = new ArrayList<>(List.of(8, 9, 10, 11, 16));
        int at = pick % (built.limit() - 17 + covered.size());
        int position = at < covered.size() ? covered.get(at) : 17 + (at - covered.size());
        ByteBuffer corrupted = TestBatches.copy(built);
        corrupted.put(position, (byte) (corrupted.get(position) ^ mask));

        assertThatThrownBy(() -> RecordBatch.wrap(corrupted).validate())
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatch.wrap(corrupted).validateRecords())
                .isInstanceOf(CorruptRecordException.class);
    }

    @Property(tries = 300)
    void flippingBytesOfTheRewritableFieldsIsNotCorruption(@ForAll("batches") ByteBuffer built,
            @ForAll @IntRange(min = 0, max = 11) int pick, @ForAll @IntRange(min = 1, max = 255) int mask) {
        int position = pick < 8 ? pick : 12 + (pick - 8);
        ByteBuffer changed = TestBatches.copy(built);
        changed.put(position, (byte) (changed.get(position) ^ mask));
        RecordBatch.wrap(changed).validateRecords();
    }

    @Property(tries = 500)
    void anyTruncationIsCorrupt(@ForAll("batches") ByteBuffer built, @ForAll @IntRange(min = 0) int pick) {
        ByteBuffer truncated = TestBatches.copy(built).limit(pick % built.limit());
        assertThatThrownBy(() -> RecordBatch.wrap(truncated)).isInstanceOf(CorruptRecordException.class);
        if (truncated.hasRemaining()) { // nothing at all is an empty list of batches
            assertThatThrownBy(() -> RecordBatches.split(truncated)).isInstanceOf(CorruptRecordException.class);
        }
    }

    /** Random records sections behind a valid header and CRC: decoding succeeds or throws CorruptRecordException, nothing else. */
    @Property(tries = 3000)
    void randomSectionsOnlyEverFailAsCorrupt(@ForAll CompressionType codec,
            @ForAll @IntRange(min = 1, max = 40) int count, @ForAll @Size(max = 300) byte[] section) {
        ByteBuffer batch = TestBatches.craft(codec, count, section);
        RecordBatch.wrap(batch).validate();
        decodeExpectingOnlyCorruption(batch, count);
    }

    /** Near-valid input reaches deeper into the decoders: mutate a few bytes of a real section, fix the CRC. */
    @Property(tries = 3000)
    void mutatedSectionsOnlyEverFailAsCorrupt(@ForAll("batches") ByteBuffer built,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0) Integer> picks,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        int sectionSize = built.limit() - RecordBatch.HEADER_SIZE;
        ByteBuffer mutated = TestBatches.edited(built, b -> {
            for (int pick : picks) {
                int position = RecordBatch.HEADER_SIZE + pick % sectionSize;
                b.put(position, (byte) (b.get(position) ^ mask));
            }
        });
        RecordBatch.wrap(mutated).validate();
        decodeExpectingOnlyCorruption(mutated, RecordBatch.wrap(built).recordCount());
    }

    /** Entirely random bytes, header included. */
    @Property(tries = 3000)
    void randomBuffersOnlyEverFailAsCorrupt(@ForAll @Size(max = 120) byte[] bytes) {
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
