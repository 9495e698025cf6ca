package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.hex;
import static dev.rustmq.storage.tier.TierFixtures.storedBatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.storage.errors.CorruptSegmentException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The segment object: batches as stored, index, footer; every byte covered by a check. */
class SegmentFormatTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aSegmentHoldsTheBatchesByteForByteWithTheirCompression(CompressionType compression) {
        List<ByteBuffer> batches = storedBatches(100, 7, 3, 4, compression);

        SegmentWriter.Built built = SegmentWriter.write(batches, 5);
        SegmentBatches.Decoded decoded = SegmentBatches.decode("k", built.object());

        assertThat(hex(decoded.batches())).isEqualTo(hex(batches));
        SegmentFooter footer = decoded.footer();
        assertThat(footer).isEqualTo(built.footer());
        assertThat(footer.baseOffset()).isEqualTo(100);
        assertThat(footer.lastOffset()).isEqualTo(120);
        assertThat(footer.leaderEpoch()).isEqualTo(5);
        assertThat(footer.batchCount()).isEqualTo(7);
        assertThat(footer.objectSize()).isEqualTo(built.object().remaining());
        assertThat(footer.maxTimestamp()).isEqualTo(1_700_000_000_002L);
        for (int i = 0; i < 7; i++) {
            SegmentIndex.Entry e = decoded.index().entry(i);
            assertThat(e.baseOffset()).isEqualTo(100 + 3L * i);
            assertThat(e.lastOffset()).isEqualTo(102 + 3L * i);
            assertThat(e.leaderEpoch()).isEqualTo(4);
            assertThat(e.size()).isEqualTo(batches.get(i).remaining());
        }
        assertThat(decoded.index().indexOf(100)).isZero();
        assertThat(decoded.index().indexOf(104)).isEqualTo(1);
        assertThat(decoded.index().indexOf(120)).isEqualTo(6);
        assertThat(decoded.index().indexOf(121)).isEqualTo(-1);
        assertThat(decoded.index().indexOf(99)).isEqualTo(-1);
    }

    @Test
    void aRangedReadOfSomeBatchesIsCheckedAgainstTheIndex() {
        List<ByteBuffer> batches = storedBatches(0, 5, 2, 1, CompressionType.NONE);
        ByteBuffer object = SegmentWriter.write(batches, 1).object();
        SegmentIndex index = SegmentBatches.decode("k", object).index();
        SegmentIndex.Entry second = index.entry(1);
        SegmentIndex.Entry fourth = index.entry(3);
        ByteBuffer range = object.slice((int) second.position(),
                (int) (fourth.position() + fourth.size() - second.position()));

        assertThat(hex(SegmentBatches.verify("k", index, 1, 3, range))).isEqualTo(hex(batches.subList(1, 4)));

        // A header field outside the batch CRC (its base offset) changed in the store: caught by the index.
        ByteBuffer tampered = ByteBuffer.wrap(TierFixtures.bytes(range));
        tampered.putLong(0, 999);
        assertThatThrownBy(() -> SegmentBatches.verify("k", index, 1, 3, tampered))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("the index says");
        // A short read.
        assertThatThrownBy(() -> SegmentBatches.verify("k", index, 1, 3, range.slice(0, range.remaining() - 1)))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("cut short");
    }

    @Test
    void everySingleFlippedByteIsDetectedAndNeverServed() {
        List<ByteBuffer> batches = storedBatches(10, 3, 2, 2, CompressionType.LZ4);
        byte[] original = TierFixtures.bytes(SegmentWriter.write(batches, 2).object());
        Random random = new Random(42);
        for (int i = 0; i < original.length; i++) {
            byte[] copy = original.clone();
            copy[i] ^= (byte) (1 + random.nextInt(255));
            int at = i;
            assertThatThrownBy(() -> SegmentBatches.decode("k", ByteBuffer.wrap(copy)))
                    .as("byte %d of %d flipped", at, original.length)
                    .isInstanceOfSatisfying(CorruptSegmentException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR));
        }
    }

    @Test
    void aTruncatedOrForeignObjectIsCorrupt() {
        byte[] original = TierFixtures.bytes(SegmentWriter.write(storedBatches(0, 2, 1, 0, CompressionType.NONE), 0)
                .object());
        assertThatThrownBy(() -> SegmentBatches.decode("k", ByteBuffer.wrap(original, 0, original.length - 1)))
                .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> SegmentBatches.decode("k", ByteBuffer.wrap(new byte[100])))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("not a RustMQ segment");
        assertThatThrownBy(() -> SegmentBatches.decode("k", ByteBuffer.wrap(new byte[3])))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("too short");
    }

    @Test
    void theWriterRefusesBatchesWithGaps() {
        List<ByteBuffer> batches = storedBatches(0, 3, 2, 0, CompressionType.NONE);
        assertThatThrownBy(() -> SegmentWriter.write(List.of(batches.get(0), batches.get(2)), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
    }

    @Test
    void keysCarryTopicPartitionOffsetsAndEpochAndSortByOffset() {
        SegmentKey key = new SegmentKey(ORDERS_0, 100, 199, 3);
        assertThat(key.key()).isEqualTo("topics/orders/0/00000000000000000100-00000000000000000199-3.seg");
        assertThat(SegmentKey.parse(ORDERS_0, key.key())).contains(key);
        assertThat(SegmentKey.parse(TierFixtures.ORDERS_1, key.key())).isEmpty();
        assertThat(SegmentKey.parse(ORDERS_0, "topics/orders/0/junk")).isEmpty();
        assertThat(new SegmentKey(ORDERS_0, 9, 10, 0).key()).isLessThan(new SegmentKey(ORDERS_0, 11, 12, 0).key());
        SegmentKey withId = new SegmentKey(ORDERS_0, 0, 9, 2, "0b8c6f9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f");
        assertThat(withId.key()).isEqualTo("topics/orders/0/00000000000000000000-00000000000000000009-2-"
                + "0b8c6f9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f.seg");
        assertThat(SegmentKey.parse(ORDERS_0, withId.key())).contains(withId);
    }
}
