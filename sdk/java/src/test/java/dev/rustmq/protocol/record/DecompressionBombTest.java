package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.TestBatches.craft;
import static dev.rustmq.protocol.record.TestBatches.edited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Compressed sections that lie about their size must fail before any large allocation. */
class DecompressionBombTest {

    /** Magic 1's lz4 framing: a length prefix, then one raw block. */
    private static RecordBatch lz4Claiming(int size) {
        byte[] section = ByteBuffer.allocate(16).putInt(size).put(new byte[] {0x10, 0, 0, 0}).array();
        return RecordBatch.wrap(craft(BatchFormat.V1, CompressionType.LZ4, 1, section));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 1 << 30, RecordBatch.DEFAULT_MAX_UNCOMPRESSED_SIZE + 1})
    void lz4ClaimingAHugeSizeIsRejectedBeforeAllocating(int claimed) {
        RecordBatch batch = lz4Claiming(claimed);
        batch.validate();
        assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("claims " + claimed + " uncompressed bytes");
        assertThatThrownBy(batch::validateRecords).isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 0, 6})
    void lz4ClaimingTooLittleIsRejected(int claimed) {
        assertThatThrownBy(lz4Claiming(claimed)::records).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("claims " + claimed);
    }

    @ParameterizedTest
    @ValueSource(ints = {-100, -1, 1, 100})
    void lz4WhoseLengthPrefixLiesIsRejected(int error) {
        ByteBuffer good = MagicV1Batches.build(0, -1, CompressionType.LZ4, TestBatches.records(50, 0));
        int real = good.getInt(47);
        RecordBatch batch = RecordBatch.wrap(edited(good, b -> b.putInt(47, real + error)));
        batch.validate();
        assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class).hasMessageContaining("lz4");
    }

    /** A zstd frame header (single segment, 8-byte content size) claiming {@code size}, then one tiny RLE block. */
    private static byte[] zstdFrameClaiming(long size) {
        ByteBuffer frame = ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(0xFD2FB528).put((byte) 0xE0).putLong(size);
        int blockHeader = 1 | (1 << 1) | (100 << 3); // last block, RLE, 100 bytes
        frame.put((byte) blockHeader).put((byte) (blockHeader >> 8)).put((byte) (blockHeader >> 16)).put((byte) 'x');
        return frame.array();
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 40, Long.MAX_VALUE, 1L << 31, RecordBatch.DEFAULT_MAX_UNCOMPRESSED_SIZE + 1L})
    void zstdClaimingAHugeSizeIsRejectedBeforeAllocating(long claimed) {
        for (BatchFormat format : BatchFormat.values()) {
            RecordBatch batch = RecordBatch.wrap(craft(format, CompressionType.ZSTD, 1, zstdFrameClaiming(claimed)));
            batch.validate();
            assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class)
                    .hasMessageMatching(".*zstd records section (claims " + claimed + "|is not a zstd frame).*");
        }
    }

    /** A zstd frame that does not declare its content size, as a streaming compressor (Kafka's) writes it. */
    private static byte[] streamedZstd(byte[] raw) {
        byte[] frame = new byte[(int) Zstd.compressBound(raw.length)];
        int length;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setContentSize(false);
            length = ctx.compressByteArray(frame, 0, frame.length, raw, 0, raw.length);
        }
        return Arrays.copyOf(frame, length);
    }

    @Test
    void zstdFrameWithoutAContentSizeIsStreamedInBothMagics() {
        byte[] raw = TestBatches.concat(TestBatches.simpleRecord(0), TestBatches.simpleRecord(1));
        for (BatchFormat format : BatchFormat.values()) {
            RecordBatch batch = RecordBatch.wrap(craft(format, CompressionType.ZSTD, 2, streamedZstd(raw)));
            batch.validateRecords();
            assertThat(batch.records()).hasSize(2);
        }
    }

    @Test
    void aStreamedZstdBombStopsAtTheLimit() {
        // 8 MiB of zeros in one record, in a frame that does not say how large it is.
        byte[] zeros = new byte[8 << 20];
        ByteBuffer raw = RecordBatchBuilder.build(0, -1, CompressionType.NONE, List.of(Record.of(null, zeros, 1)));
        byte[] section = streamedZstd(TestBatches.bytes(raw.duplicate().position(61)));
        assertThat(section.length).isLessThan(64 << 10);
        RecordBatch batch = RecordBatch.wrap(craft(CompressionType.ZSTD, 1, section));
        batch.validate();
        assertThatThrownBy(() -> batch.records(1 << 20)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("holds more than 1048576 uncompressed bytes, outside [7, 1048576]");
        assertThat(batch.records().get(0).value()).hasSize(8 << 20);
    }

    @Test
    void aStreamedZstdFrameCutShortIsCorrupt() {
        byte[] section = streamedZstd(TestBatches.concat(TestBatches.simpleRecord(0)));
        byte[] cut = Arrays.copyOf(section, section.length - 3);
        assertThatThrownBy(RecordBatch.wrap(craft(CompressionType.ZSTD, 1, cut))::records)
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("zstd");
    }

    @Test
    void zstdClaimingLessThanItHoldsIsRejected() {
        ByteBuffer good = RecordBatchBuilder.build(0, -1, CompressionType.ZSTD, TestBatches.records(200, 0));
        int fhd = good.get(65) & 0xFF;
        int fcsFlag = fhd >>> 6;
        boolean singleSegment = (fhd & 0x20) != 0;
        int dictionaryBytes = new int[] {0, 1, 2, 4}[fhd & 3];
        assertThat(fcsFlag).as("a 2-byte content size field for a few KiB").isEqualTo(1);
        int fcsOffset = 66 + (singleSegment ? 0 : 1) + dictionaryBytes;
        ByteBuffer lying = edited(good, b -> {
            int stored = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).getShort(fcsOffset) & 0xFFFF;
            b.duplicate().order(ByteOrder.LITTLE_ENDIAN).putShort(fcsOffset, (short) (stored - 500));
        });
        RecordBatch batch = RecordBatch.wrap(lying);
        batch.validate();
        assertThatThrownBy(batch::records).isInstanceOf(CorruptRecordException.class).hasMessageContaining("zstd");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"LZ4", "ZSTD"})
    void realBombsRespectTheCallersLimit(CompressionType codec) {
        byte[] zeros = new byte[8 << 20];
        List<Record> records = List.of(Record.of(null, zeros, 1));
        for (ByteBuffer built : List.of(RecordBatchBuilder.build(0, -1, codec, records),
                MagicV1Batches.build(0, -1, codec, records))) {
            assertThat(built.limit()).as("8 MiB of zeros compress to almost nothing").isLessThan(64 << 10);
            RecordBatch batch = RecordBatch.wrap(built);
            batch.validate();
            assertThatThrownBy(() -> batch.records(1 << 20)).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("outside [7, 1048576]");
            assertThatThrownBy(() -> batch.validateRecords(1 << 20)).isInstanceOf(CorruptRecordException.class);
            assertThat(batch.records().get(0).value()).hasSize(8 << 20);
        }
    }

    @Test
    void aLimitBelowWhatTheCountNeedsIsRejectedUpFront() {
        RecordBatch batch = RecordBatch.wrap(RecordBatchBuilder.build(0, -1, CompressionType.NONE,
                TestBatches.records(100, 0)));
        assertThatThrownBy(() -> batch.records(100)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("100 records need at least 700 bytes, more than the limit of 100");
        assertThatThrownBy(() -> batch.records(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
