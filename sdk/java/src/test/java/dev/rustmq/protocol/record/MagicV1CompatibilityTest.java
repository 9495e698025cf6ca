package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Magic-1 batches an earlier version stored stay readable and valid, with their own codec ids. */
class MagicV1CompatibilityTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void storedMagic1BatchesValidateAndDecode(CompressionType codec) {
        ByteBuffer stored = MagicV1Batches.stored(codec);
        RecordBatch batch = RecordBatch.wrap(stored);
        batch.validate();
        batch.validateRecords();
        List<Record> records = MagicV1Batches.storedRecords();
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_V1);
        assertThat(batch.compression()).isEqualTo(codec);
        assertThat(stored.getShort(21)).as("magic 1's own codec id").isEqualTo((short) codec.ordinal());
        assertThat(batch.baseOffset()).isEqualTo(MagicV1Batches.STORED_BASE_OFFSET);
        assertThat(batch.lastOffset()).isEqualTo(MagicV1Batches.STORED_BASE_OFFSET + 3);
        assertThat(batch.nextOffset()).isEqualTo(MagicV1Batches.STORED_BASE_OFFSET + 4);
        assertThat(batch.leaderEpoch()).isEqualTo(MagicV1Batches.STORED_LEADER_EPOCH);
        assertThat(batch.recordCount()).isEqualTo(4);
        assertThat(RecordBatches.recordCount(stored, 0)).isEqualTo(4);
        assertThat(batch.firstTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(batch.maxTimestamp()).isEqualTo(1_700_000_000_005L);
        assertThat(batch.producerId()).isEqualTo(ProducerFields.NO_PRODUCER_ID);
        assertThat(batch.producerEpoch()).isEqualTo(ProducerFields.NO_PRODUCER_EPOCH);
        assertThat(batch.baseSequence()).isEqualTo(ProducerFields.NO_SEQUENCE);
        assertThat(batch.records()).isEqualTo(records);
        assertThat(batch.toString()).contains("magic=1", "count=4");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void theBrokerStillRewritesOffsetAndEpochOfAMagic1BatchInPlace(CompressionType codec) {
        ByteBuffer stored = MagicV1Batches.stored(codec);
        byte[] before = TestBatches.bytes(stored);
        RecordBatch batch = RecordBatch.wrap(stored);
        batch.setBaseOffset(77);
        batch.setLeaderEpoch(8);
        batch.validateRecords();
        assertThat(batch.lastOffset()).isEqualTo(80);
        byte[] after = TestBatches.bytes(stored);
        assertThat(Arrays.copyOfRange(after, 16, after.length)).isEqualTo(Arrays.copyOfRange(before, 16, before.length));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void theTestBuilderWritesMagic1AsTheOldBuilderDid(CompressionType codec) {
        ByteBuffer built = MagicV1Batches.build(MagicV1Batches.STORED_BASE_OFFSET, MagicV1Batches.STORED_LEADER_EPOCH,
                codec, MagicV1Batches.storedRecords());
        RecordBatch.wrap(built).validateRecords();
        assertThat(RecordBatch.wrap(built).records()).isEqualTo(MagicV1Batches.storedRecords());
        if (codec == CompressionType.NONE) {
            // Compressed bytes may differ with a codec library's version; uncompressed ones may not.
            assertThat(TestBatches.bytes(built)).isEqualTo(TestBatches.bytes(MagicV1Batches.stored(codec)));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void magic1AndMagic2BatchesOfTheSameRecordsDifferOnlyInTheirFraming(CompressionType codec) {
        List<Record> records = MagicV1Batches.storedRecords();
        RecordBatch v1 = RecordBatch.wrap(MagicV1Batches.stored(codec));
        RecordBatch v2 = RecordBatch.wrap(RecordBatchBuilder.build(MagicV1Batches.STORED_BASE_OFFSET,
                MagicV1Batches.STORED_LEADER_EPOCH, codec, records));
        assertThat(v2.records()).isEqualTo(v1.records());
        assertThat(v2.compression()).isEqualTo(v1.compression());
        assertThat(v2.lastOffset()).isEqualTo(v1.lastOffset());
        assertThat(v2.maxTimestamp()).isEqualTo(v1.maxTimestamp());
        if (codec == CompressionType.NONE) {
            byte[] oldRecords = TestBatches.bytes(v1.buffer().position(47));
            byte[] newRecords = TestBatches.bytes(v2.buffer().position(61));
            assertThat(newRecords).as("the record encoding did not change").isEqualTo(oldRecords);
        }
    }
}
