package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {
    private static final ByteBuffer A = RecordBatchBuilder.build(0, 1, CompressionType.NONE, TestBatches.records(3, 0));
    private static final ByteBuffer B = RecordBatchBuilder.build(3, 1, CompressionType.LZ4, TestBatches.records(5, 0));
    private static final ByteBuffer C = RecordBatchBuilder.build(8, 2, CompressionType.ZSTD, TestBatches.records(1, 0));

    private static ByteBuffer concat(int leading, ByteBuffer... batches) {
        int size = leading;
        for (ByteBuffer b : batches) {
            size += b.limit();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.position(leading);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip().position(leading);
    }

    @Test
    void sizeOfReadsTheSizeFromTheFirstTwelveBytes() {
        ByteBuffer all = concat(0, A, B);
        assertThat(RecordBatches.sizeOf(all, 0)).isEqualTo(A.limit());
        assertThat(RecordBatches.sizeOf(all, A.limit())).isEqualTo(B.limit());
        ByteBuffer headOnly = TestBatches.copy(B).limit(RecordBatch.LOG_OVERHEAD);
        assertThat(RecordBatches.sizeOf(headOnly, 0)).isEqualTo(B.limit());
        assertThat(RecordBatches.sizeOf(TestBatches.copy(B).order(ByteOrder.LITTLE_ENDIAN), 0)).isEqualTo(B.limit());
    }

    @Test
    void sizeOfNeedsTwelveBytes() {
        ByteBuffer eleven = TestBatches.copy(A).limit(11);
        assertThatThrownBy(() -> RecordBatches.sizeOf(eleven, 0)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> RecordBatches.sizeOf(A, A.limit() - 5)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatches.sizeOf(A, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RecordBatches.sizeOf(A, A.limit() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void recordCountReadsMagic1HeadersToo() {
        ByteBuffer v1 = MagicV1Batches.stored(CompressionType.LZ4);
        ByteBuffer all = concat(3, A, v1, C);
        assertThat(RecordBatches.recordCount(all, 3 + A.limit())).isEqualTo(4);
        assertThat(RecordBatches.split(all)).extracting(RecordBatch::magic).containsExactly((byte) 2, (byte) 1, (byte) 2);
        assertThat(RecordBatches.sizeOf(all, 3 + A.limit())).isEqualTo(v1.limit());
    }

    @Test
    void recordCountReadsTheHeaderOfTheBatchAtAPosition() {
        ByteBuffer all = concat(5, A, B, C);
        assertThat(RecordBatches.recordCount(all, 5)).isEqualTo(3);
        assertThat(RecordBatches.recordCount(all, 5 + A.limit())).as("compressed: the header still counts")
                .isEqualTo(5);
        assertThat(RecordBatches.recordCount(all, 5 + A.limit() + B.limit())).isEqualTo(1);
        assertThat(all.position()).isEqualTo(5);
        ByteBuffer shortHeader = TestBatches.copy(A).limit(RecordBatch.HEADER_SIZE - 1);
        assertThatThrownBy(() -> RecordBatches.recordCount(shortHeader, 0)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void splitReturnsTheBatchesInOrderWithoutMovingThePosition() {
        ByteBuffer all = concat(7, A, B, C);
        List<RecordBatch> batches = RecordBatches.split(all);
        assertThat(all.position()).isEqualTo(7);
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L, 8L);
        assertThat(batches).extracting(RecordBatch::compression)
                .containsExactly(CompressionType.NONE, CompressionType.LZ4, CompressionType.ZSTD);
        for (RecordBatch batch : batches) {
            batch.validateRecords();
        }
        assertThat(batches.get(1).records()).isEqualTo(TestBatches.records(5, 0));
    }

    @Test
    void splitViewsShareTheBytes() {
        ByteBuffer all = concat(0, A, B);
        RecordBatches.split(all).get(1).setBaseOffset(99);
        assertThat(all.getLong(A.limit())).isEqualTo(99);
    }

    @Test
    void splitOfNothingIsEmpty() {
        assertThat(RecordBatches.split(ByteBuffer.allocate(0))).isEmpty();
        assertThat(RecordBatches.split(concat(0, A).position(A.limit()))).isEmpty();
    }

    @Test
    void splitRejectsPartialBatches() {
        ByteBuffer trailingHeader = ByteBuffer.allocate(A.limit() + 5).put(A.duplicate()).put(new byte[5]).flip();
        assertThatThrownBy(() -> RecordBatches.split(trailingHeader)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("truncated");
        ByteBuffer cutLast = concat(0, A, B).limit(A.limit() + B.limit() - 1);
        assertThatThrownBy(() -> RecordBatches.split(cutLast)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past the end");
    }
}
