package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.BatchLayout.ATTRIBUTES;
import static dev.rustmq.protocol.record.BatchLayout.BASE_OFFSET;
import static dev.rustmq.protocol.record.BatchLayout.BATCH_LENGTH;
import static dev.rustmq.protocol.record.BatchLayout.COMPRESSION_MASK;
import static dev.rustmq.protocol.record.BatchLayout.CRC;
import static dev.rustmq.protocol.record.BatchLayout.FIRST_TIMESTAMP;
import static dev.rustmq.protocol.record.BatchLayout.LAST_OFFSET_DELTA;
import static dev.rustmq.protocol.record.BatchLayout.LEADER_EPOCH;
import static dev.rustmq.protocol.record.BatchLayout.MAX_TIMESTAMP;
import static dev.rustmq.protocol.record.BatchLayout.RECORDS;
import static dev.rustmq.protocol.record.BatchLayout.RECORD_COUNT;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A zero-copy view of one record batch (layout in docs/record-batch-format.md). Reading header
 * fields and {@link #validate()} never copy or decode records; {@link #setBaseOffset} and
 * {@link #setLeaderEpoch} write into the underlying bytes, which is how the broker assigns
 * offsets without re-encoding. Reads are safe from several threads; writes are not.
 */
public final class RecordBatch {
    /** Bytes before the part that {@code batchLength} counts: baseOffset + batchLength. */
    public static final int LOG_OVERHEAD = 12;
    /** Bytes of the fixed header before the records section. */
    public static final int HEADER_SIZE = 47;
    public static final byte MAGIC = 1;
    /** The leader epoch of a batch no leader has stamped yet (as the producer sends it). */
    public static final int NO_LEADER_EPOCH = -1;
    /** Default cap on a records section's uncompressed size when decoding. */
    public static final int DEFAULT_MAX_UNCOMPRESSED_SIZE = 64 * 1024 * 1024;

    /** Exactly the batch: position 0, limit = capacity = size, big-endian. */
    private final ByteBuffer buffer;

    private RecordBatch(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * A view of the batch starting at {@code buffer.position()}; the caller's position and limit
     * are left alone and the view shares its bytes. Throws {@link CorruptRecordException} if the
     * header's size field is out of range or runs past the buffer's limit.
     */
    public static RecordBatch wrap(ByteBuffer buffer) {
        int position = buffer.position();
        int size = RecordBatches.sizeOf(buffer, position);
        if (size > buffer.limit() - position) {
            throw new CorruptRecordException("record batch of " + size + " bytes runs past the end of the buffer ("
                    + (buffer.limit() - position) + " bytes remain)");
        }
        return new RecordBatch(buffer.slice(position, size));
    }

    public long baseOffset() {
        return buffer.getLong(BASE_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int leaderEpoch() {
        return buffer.getInt(LEADER_EPOCH);
    }

    public int recordCount() {
        return buffer.getInt(RECORD_COUNT);
    }

    public long firstTimestamp() {
        return buffer.getLong(FIRST_TIMESTAMP);
    }

    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP);
    }

    /** The codec; {@link CorruptRecordException} if the attributes name an unknown one. */
    public CompressionType compression() {
        return CompressionType.forId(attributes() & COMPRESSION_MASK);
    }

    public int sizeInBytes() {
        return buffer.capacity();
    }

    /** The CRC-32C stored in the header, as an unsigned value. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(CRC));
    }

    /** The CRC-32C of the bytes the stored checksum covers: attributes to the end. */
    public long computeChecksum() {
        return BatchLayout.crc(buffer, sizeInBytes());
    }

    /** A new buffer over exactly this batch's bytes (shared, not copied), positioned at 0. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    /** Assigns the batch's offsets in place; outside the CRC, so the checksum stays valid. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(BASE_OFFSET, baseOffset);
    }

    /** Stamps the leader's epoch in place; outside the CRC, so the checksum stays valid. */
    public void setLeaderEpoch(int leaderEpoch) {
        buffer.putInt(LEADER_EPOCH, leaderEpoch);
    }

    /**
     * The broker's hot-path check, without decoding records: size and magic, the CRC, then the
     * header fields the CRC cannot vouch for being sensible (codec, count, offsets, timestamps).
     */
    public void validate() {
        checkFraming();
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw corrupt(String.format("CRC mismatch: stored 0x%08x, computed 0x%08x", stored, computed));
        }
        checkHeaderFields();
    }

    /**
     * {@link #validate()} plus a full decode: every record well-formed, offset deltas 0..n-1 in
     * order, exactly recordCount records, no trailing bytes. For tools and tests, not the hot path.
     */
    public void validateRecords() {
        validateRecords(DEFAULT_MAX_UNCOMPRESSED_SIZE);
    }

    public void validateRecords(int maxUncompressedSize) {
        validate();
        records(maxUncompressedSize);
    }

    /** Decodes the records with the default uncompressed-size cap. */
    public List<Record> records() {
        return records(DEFAULT_MAX_UNCOMPRESSED_SIZE);
    }

    /**
     * Decodes the records. Checks the structure (as {@link #validateRecords()} does) but not the
     * CRC: call {@link #validate()} first on bytes that crossed a network or a disk. A compressed
     * section that claims more than {@code maxUncompressedSize} bytes is rejected before
     * anything is allocated.
     */
    public List<Record> records(int maxUncompressedSize) {
        if (maxUncompressedSize < 0) {
            throw new IllegalArgumentException("maxUncompressedSize " + maxUncompressedSize + " is negative");
        }
        checkFraming();
        checkHeaderFields();
        ByteBuffer section = buffer.slice(RECORDS, sizeInBytes() - RECORDS);
        try {
            return RecordsDecoder.decode(section, compression(), recordCount(), firstTimestamp(), maxTimestamp(),
                    maxUncompressedSize);
        } catch (CorruptRecordException e) {
            throw corrupt(e.getMessage());
        }
    }

    /** The size field against the view; wrap() checked it, but the bytes are writable. */
    private void checkFraming() {
        int batchLength = buffer.getInt(BATCH_LENGTH);
        if ((long) batchLength + LOG_OVERHEAD != sizeInBytes()) {
            throw corrupt("batchLength " + batchLength + " does not match the batch size " + sizeInBytes());
        }
        byte magic = buffer.get(BatchLayout.MAGIC);
        if (magic != MAGIC) {
            throw corrupt("magic is " + magic + ", expected " + MAGIC);
        }
    }

    private void checkHeaderFields() {
        short attributes = attributes();
        if ((attributes & ~COMPRESSION_MASK) != 0) {
            throw corrupt(String.format("unknown attribute bits 0x%04x", attributes & 0xFFFF));
        }
        int codec = attributes & COMPRESSION_MASK;
        if (codec > CompressionType.ZSTD.id()) {
            throw corrupt("unknown compression codec id " + codec);
        }
        int count = recordCount();
        if (count < 1) {
            throw corrupt("recordCount is " + count + ", expected at least 1");
        }
        int lastOffsetDelta = lastOffsetDelta();
        if (lastOffsetDelta != count - 1) {
            throw corrupt("lastOffsetDelta is " + lastOffsetDelta + ", expected recordCount - 1 = " + (count - 1));
        }
        if (maxTimestamp() < firstTimestamp()) {
            throw corrupt("maxTimestamp " + maxTimestamp() + " is before firstTimestamp " + firstTimestamp());
        }
    }

    private int lastOffsetDelta() {
        return buffer.getInt(LAST_OFFSET_DELTA);
    }

    private short attributes() {
        return buffer.getShort(ATTRIBUTES);
    }

    private CorruptRecordException corrupt(String problem) {
        return new CorruptRecordException("record batch at base offset " + baseOffset() + ": " + problem);
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", count=" + recordCount()
                + ", leaderEpoch=" + leaderEpoch() + ", codec=" + (attributes() & COMPRESSION_MASK)
                + ", size=" + sizeInBytes() + ")";
    }
}
