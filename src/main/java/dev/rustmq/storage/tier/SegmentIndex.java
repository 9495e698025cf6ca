package dev.rustmq.storage.tier;

import dev.rustmq.storage.errors.CorruptSegmentException;
import java.nio.ByteBuffer;

/**
 * A segment's batch index: per batch its offsets, leader epoch, max timestamp and byte range in
 * the object, in offset order. Kept as the encoded bytes (36 per batch) and read in place, so a
 * cached index costs exactly its size.
 * <pre>
 * entry: baseOffset int64, lastOffsetDelta int32, leaderEpoch int32, maxTimestamp int64,
 *        position int64, size int32
 * </pre>
 */
public final class SegmentIndex {
    static final int ENTRY_SIZE = 8 + 4 + 4 + 8 + 8 + 4;

    private final ByteBuffer entries;
    private final int count;

    private SegmentIndex(ByteBuffer entries) {
        this.entries = entries.asReadOnlyBuffer();
        this.count = entries.remaining() / ENTRY_SIZE;
    }

    /** One batch as the index describes it. */
    public record Entry(long baseOffset, long lastOffset, int leaderEpoch, long maxTimestamp, long position,
                        int size) {
    }

    /** Builds the index bytes while a segment is written. */
    static final class Builder {
        private final ByteBuffer out;

        Builder(int batches) {
            out = ByteBuffer.allocate(batches * ENTRY_SIZE);
        }

        void add(long baseOffset, long lastOffset, int leaderEpoch, long maxTimestamp, long position, int size) {
            out.putLong(baseOffset).putInt(Math.toIntExact(lastOffset - baseOffset)).putInt(leaderEpoch)
                    .putLong(maxTimestamp).putLong(position).putInt(size);
        }

        ByteBuffer bytes() {
            return out.duplicate().flip();
        }
    }

    /**
     * Decodes an index read from {@code key} and checks it against its footer: the checksum, then
     * that the batches are dense in offsets, back to back in bytes, and span exactly the footer's
     * offsets and data.
     */
    static SegmentIndex decode(String key, SegmentFooter footer, ByteBuffer bytes) {
        if (bytes.remaining() != footer.indexLength()) {
            throw new CorruptSegmentException("segment " + key + ": index is " + bytes.remaining() + " bytes, footer says "
                    + footer.indexLength());
        }
        if (SegmentFooter.crc(bytes) != footer.indexCrc()) {
            throw new CorruptSegmentException("segment " + key + ": index checksum mismatch");
        }
        SegmentIndex index = new SegmentIndex(bytes.slice());
        long nextOffset = footer.baseOffset();
        long nextPosition = 0;
        for (int i = 0; i < index.count; i++) {
            Entry e = index.entry(i);
            if (e.baseOffset() != nextOffset || e.position() != nextPosition || e.size() <= 0
                    || e.lastOffset() < e.baseOffset()) {
                throw new CorruptSegmentException("segment " + key + ": index entry " + i + " " + e
                        + " does not follow offset " + nextOffset + " at byte " + nextPosition);
            }
            nextOffset = e.lastOffset() + 1;
            nextPosition = e.position() + e.size();
        }
        if (nextOffset != footer.lastOffset() + 1 || nextPosition != footer.dataLength()) {
            throw new CorruptSegmentException("segment " + key + ": index ends at offset " + (nextOffset - 1)
                    + " byte " + nextPosition + " but the footer says " + footer.lastOffset() + " / "
                    + footer.dataLength());
        }
        return index;
    }

    public int size() {
        return count;
    }

    /** Bytes this index holds in memory. */
    public int sizeInBytes() {
        return count * ENTRY_SIZE;
    }

    public Entry entry(int i) {
        int at = i * ENTRY_SIZE;
        long base = entries.getLong(at);
        return new Entry(base, base + entries.getInt(at + 8), entries.getInt(at + 12), entries.getLong(at + 16),
                entries.getLong(at + 24), entries.getInt(at + 32));
    }

    private long baseOffset(int i) {
        return entries.getLong(i * ENTRY_SIZE);
    }

    private long lastOffset(int i) {
        return baseOffset(i) + entries.getInt(i * ENTRY_SIZE + 8);
    }

    /** The index of the batch holding {@code offset}, or -1 when the segment does not hold it. */
    public int indexOf(long offset) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lastOffset(mid) < offset) {
                lo = mid + 1;
            } else if (baseOffset(mid) > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The first batch whose max timestamp reaches {@code timestamp}, or -1 (a scan: timestamps need not grow). */
    public int indexOfTimestamp(long timestamp) {
        for (int i = 0; i < count; i++) {
            if (entries.getLong(i * ENTRY_SIZE + 16) >= timestamp) {
                return i;
            }
        }
        return -1;
    }
}
