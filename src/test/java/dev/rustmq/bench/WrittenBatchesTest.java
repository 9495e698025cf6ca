package dev.rustmq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's check of what it reads back: the producer's bytes, at the offsets and epoch they were given. */
class WrittenBatchesTest {
    private static ByteBuffer producerBatch(String value) {
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE, List.of(
                new Record(1L, "k".getBytes(), (value + "-1").getBytes(), List.of()),
                new Record(2L, "k".getBytes(), (value + "-2").getBytes(), List.of())));
    }

    /** The batch as the broker stores it: its producer bytes with offsets and epoch stamped in the header. */
    private static ByteBuffer stored(ByteBuffer producerBatch, long baseOffset, int epoch) {
        ByteBuffer copy = ByteBuffer.allocate(producerBatch.remaining()).put(producerBatch.duplicate()).flip();
        RecordBatch batch = RecordBatch.wrap(copy);
        batch.setBaseOffset(baseOffset);
        batch.setLeaderEpoch(epoch);
        return copy;
    }

    @Test
    void acceptsTheWrittenBatchesInOrder() {
        WrittenBatches written = new WrittenBatches("t-0", 2, 1);
        ByteBuffer a = producerBatch("a");
        ByteBuffer b = producerBatch("b");
        assertThat(written.add(a)).isZero();
        assertThat(written.add(b)).isEqualTo(2);
        assertThat(written.endOffset()).isEqualTo(4);

        assertThat(written.verify(stored(a, 0, 1), 0)).isEqualTo(2);
        assertThat(written.verify(stored(b, 2, 1), 2)).isEqualTo(4);
    }

    @Test
    void refusesAnotherBatchAGapAnEpochOrChangedBytes() {
        WrittenBatches written = new WrittenBatches("t-0", 2, 1);
        ByteBuffer a = producerBatch("a");
        written.add(a);
        written.add(producerBatch("b"));

        assertThatThrownBy(() -> written.verify(stored(producerBatch("x"), 0, 1), 0))
                .hasMessageContaining("differs from what was written");
        assertThatThrownBy(() -> written.verify(stored(a, 0, 2), 0)).hasMessageContaining("epoch 2");
        assertThatThrownBy(() -> written.verify(stored(a, 2, 1), 0)).hasMessageContaining("where 0 was expected");
        assertThatThrownBy(() -> written.verify(stored(a, 4, 1), 4)).hasMessageContaining("never written");

        ByteBuffer flipped = stored(a, 0, 1);
        flipped.put(flipped.limit() - 1, (byte) (flipped.get(flipped.limit() - 1) ^ 1));
        assertThatThrownBy(() -> written.verify(flipped, 0)).isInstanceOf(CorruptRecordException.class);
    }
}
