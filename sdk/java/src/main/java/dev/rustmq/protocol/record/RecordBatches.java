package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.RecordBatch.HEADER_SIZE_V1;
import static dev.rustmq.protocol.record.RecordBatch.LOG_OVERHEAD;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Framing of batches laid back to back (a produce request, a WAL entry, a segment, a fetch response). */
public final class RecordBatches {
    private RecordBatches() {
    }

    /**
     * The total size of the batch starting at {@code position} (absolute, big-endian whatever the
     * buffer's order), from its first {@link RecordBatch#LOG_OVERHEAD} bytes alone: a stream reader
     * can call this once it has 12 bytes to learn how many more to read. Throws
     * {@link CorruptRecordException} if fewer than 12 bytes remain before the limit or the size
     * is smaller than the smallest header (magic 1's) or larger than an int can hold.
     */
    public static int sizeOf(ByteBuffer buffer, int position) {
        if (position < 0 || position > buffer.limit()) {
            throw new IndexOutOfBoundsException("position " + position + " outside [0, " + buffer.limit() + "]");
        }
        if (buffer.limit() - position < LOG_OVERHEAD) {
            throw new CorruptRecordException("truncated record batch: " + (buffer.limit() - position)
                    + " bytes, fewer than the " + LOG_OVERHEAD + " that hold its size");
        }
        int batchLength = ByteUtils.getIntBigEndian(buffer, position + BatchLayout.BATCH_LENGTH);
        if (batchLength < HEADER_SIZE_V1 - LOG_OVERHEAD || batchLength > Integer.MAX_VALUE - LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch length " + batchLength + " is out of range");
        }
        return LOG_OVERHEAD + batchLength;
    }

    /**
     * The record count in the header of the batch starting at {@code position} (absolute), read
     * without wrapping or validating the batch: the broker counts records on its hot path with it.
     * Throws {@link CorruptRecordException} if the magic is neither 1 nor 2 or fewer than its
     * header's bytes remain.
     */
    public static int recordCount(ByteBuffer buffer, int position) {
        int remaining = buffer.limit() - position;
        if (position < 0 || remaining <= BatchLayout.MAGIC) {
            throw new CorruptRecordException("truncated record batch: " + remaining + " bytes, fewer than a header");
        }
        BatchFormat format = BatchFormat.of(buffer.get(position + BatchLayout.MAGIC));
        if (remaining < format.headerSize()) {
            throw new CorruptRecordException("truncated record batch: " + remaining + " bytes, fewer than its "
                    + format.headerSize() + "-byte header");
        }
        return ByteUtils.getIntBigEndian(buffer, position + format.recordCountOffset());
    }

    /**
     * Views of the batches from the buffer's position to its limit, in order; the caller's
     * position is left alone. A batch whose size runs past the limit (including a partial
     * trailing header) throws {@link CorruptRecordException}. Only framing is checked: call
     * {@link RecordBatch#validate()} on each.
     */
    public static List<RecordBatch> split(ByteBuffer concatenated) {
        List<RecordBatch> batches = new ArrayList<>();
        ByteBuffer view = concatenated.duplicate();
        while (view.hasRemaining()) {
            RecordBatch batch = RecordBatch.wrap(view);
            batches.add(batch);
            view.position(view.position() + batch.sizeInBytes());
        }
        return batches;
    }
}
