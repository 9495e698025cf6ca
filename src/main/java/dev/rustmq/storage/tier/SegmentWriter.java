package dev.rustmq.storage.tier;

import dev.rustmq.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds a segment object from a partition's batches, exactly as stored (never re-encoded, so
 * each keeps the producer's compression and CRC), followed by the index and the footer.
 */
public final class SegmentWriter {
    private SegmentWriter() {
    }

    /** A built object and its footer (the manifest records the footer's figures). */
    public record Built(ByteBuffer object, SegmentFooter footer) {
    }

    /**
     * @param batches dense in offsets, in order, each one whole batch
     * @param leaderEpoch the epoch of the leader writing the segment (in its key and footer)
     */
    public static Built write(List<ByteBuffer> batches, int leaderEpoch) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("a segment holds at least one batch");
        }
        long dataLength = 0;
        for (ByteBuffer b : batches) {
            dataLength += b.remaining();
        }
        long objectSize = dataLength + (long) batches.size() * SegmentIndex.ENTRY_SIZE + SegmentFooter.SIZE;
        if (objectSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a segment of " + objectSize + " bytes does not fit in one buffer");
        }
        ByteBuffer out = ByteBuffer.allocate((int) objectSize);
        SegmentIndex.Builder index = new SegmentIndex.Builder(batches.size());
        CRC32C dataCrc = new CRC32C();
        long base = -1;
        long next = -1;
        long maxTimestamp = Long.MIN_VALUE;
        for (ByteBuffer bytes : batches) {
            RecordBatch batch = RecordBatch.wrap(bytes.duplicate());
            if (batch.sizeInBytes() != bytes.remaining()) {
                throw new IllegalArgumentException("each buffer must hold exactly one batch");
            }
            if (base < 0) {
                base = batch.baseOffset();
            } else if (batch.baseOffset() != next) {
                throw new IllegalArgumentException("batch at " + batch.baseOffset() + " does not follow " + (next - 1));
            }
            int position = out.position();
            dataCrc.update(bytes.duplicate());
            out.put(bytes.duplicate());
            index.add(batch.baseOffset(), batch.lastOffset(), batch.leaderEpoch(), batch.maxTimestamp(), position,
                    batch.sizeInBytes());
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            next = batch.lastOffset() + 1;
        }
        ByteBuffer indexBytes = index.bytes();
        SegmentFooter footer = new SegmentFooter(base, next - 1, leaderEpoch, batches.size(), dataLength, maxTimestamp,
                (int) dataCrc.getValue(), SegmentFooter.crc(indexBytes));
        out.put(indexBytes).put(footer.encode());
        return new Built(out.flip(), footer);
    }
}
