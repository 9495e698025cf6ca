package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.BatchLayout.ATTRIBUTES;
import static dev.rustmq.protocol.record.BatchLayout.BASE_OFFSET;
import static dev.rustmq.protocol.record.BatchLayout.BASE_SEQUENCE;
import static dev.rustmq.protocol.record.BatchLayout.BATCH_LENGTH;
import static dev.rustmq.protocol.record.BatchLayout.COMPRESSION_MASK;
import static dev.rustmq.protocol.record.BatchLayout.CRC;
import static dev.rustmq.protocol.record.BatchLayout.FIRST_TIMESTAMP;
import static dev.rustmq.protocol.record.BatchLayout.LAST_OFFSET_DELTA;
import static dev.rustmq.protocol.record.BatchLayout.LEADER_EPOCH;
import static dev.rustmq.protocol.record.BatchLayout.MAX_TIMESTAMP;
import static dev.rustmq.protocol.record.BatchLayout.PRODUCER_EPOCH;
import static dev.rustmq.protocol.record.BatchLayout.PRODUCER_ID;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A zero-copy view of one record batch (layout in docs/record-batch-format.md): Kafka's
 * RecordBatch v2 (magic 2), or RustMQ's earlier magic 1, which stays readable. Reading header
 * fields and {@link #validate()} never copy or decode records; {@link #setBaseOffset} and
 * {@link #setLeaderEpoch} write into the underlying bytes, which is how the broker assigns
 * offsets without re-encoding. Reads are safe from several threads; writes are not.
 */
public final class RecordBatch {
    /** Bytes before the part that {@code batchLength} counts: baseOffset + batchLength. */
    public static final int LOG_OVERHEAD = 12;
    /** Bytes of a magic-2 batch's fixed header, before its records section. */
    public static final int HEADER_SIZE = BatchLayout.V2_RECORDS;
    /** Bytes of a magic-1 batch's fixed header: the smallest header a batch can have. */
    public static final int HEADER_SIZE_V1 = BatchLayout.V1_RECORDS;
    /** RustMQ's format before Kafka compatibility; read, never written. */
    public static final byte MAGIC_V1 = 1;
    /** Kafka's RecordBatch v2. */
    public static final byte MAGIC_V2 = 2;
    /** The magic builders write. */
    public static final byte MAGIC = MAGIC_V2;
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

    /** 1 or 2 for a batch that validates; read as is, so a corrupt batch may show anything. */
    public byte magic() {
        return buffer.get(BatchLayout.MAGIC);
    }

    /** Where the count lies depends on the magic: {@link CorruptRecordException} for an unknown one or a cut header. */
    public int recordCount() {
        return buffer.getInt(format().recordCountOffset());
    }

    /** The idempotent producer's id; {@link ProducerFields#NO_PRODUCER_ID} when none, and in a magic-1 batch. */
    public long producerId() {
        return format() == BatchFormat.V2 ? buffer.getLong(PRODUCER_ID) : ProducerFields.NO_PRODUCER_ID;
    }

    /** The producer's epoch; {@link ProducerFields#NO_PRODUCER_EPOCH} when none, and in a magic-1 batch. */
    public short producerEpoch() {
        return format() == BatchFormat.V2 ? buffer.getShort(PRODUCER_EPOCH) : ProducerFields.NO_PRODUCER_EPOCH;
    }

    /** The sequence number of the first record; {@link ProducerFields#NO_SEQUENCE} when none, and in a magic-1 batch. */
    public int baseSequence() {
        return format() == BatchFormat.V2 ? buffer.getInt(BASE_SEQUENCE) : ProducerFields.NO_SEQUENCE;
    }

    /** The sequence number of the batch's last record (Kafka's wrap from Integer.MAX_VALUE to 0); -1 without one. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == ProducerFields.NO_SEQUENCE) {
            return ProducerFields.NO_SEQUENCE;
        }
        return (int) ((base + (long) lastOffsetDelta()) % (Integer.MAX_VALUE + 1L));
    }

    /** The first record's timestamp, the base of the records' deltas (Kafka's baseTimestamp). */
    public long firstTimestamp() {
        return buffer.getLong(FIRST_TIMESTAMP);
    }

    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP);
    }

    /**
     * The codec, whichever ids the batch's magic numbers it by; {@link CorruptRecordException} if
     * the attributes name an unknown one or one this version cannot decode (gzip, snappy).
     */
    public CompressionType compression() {
        BatchFormat format = format();
        try {
            return format.codec(attributes() & COMPRESSION_MASK);
        } catch (CorruptRecordException e) {
            throw corrupt(e.getMessage());
        }
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
     * The broker's hot-path check, without decoding records: size and magic (1 or 2), the CRC,
     * then the header fields the CRC cannot vouch for being sensible (attributes and codec, count,
     * offsets, timestamps).
     */
    public void validate() {
        BatchFormat format = checkFraming();
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw corrupt(String.format("CRC mismatch: stored 0x%08x, computed 0x%08x", stored, computed));
        }
        checkHeaderFields(format);
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
        BatchFormat format = checkFraming();
        CompressionType compression = checkHeaderFields(format);
        ByteBuffer section = buffer.slice(format.headerSize(), sizeInBytes() - format.headerSize());
        try {
            return RecordsDecoder.decode(section, format, compression, recordCount(), firstTimestamp(),
                    maxTimestamp(), maxUncompressedSize);
        } catch (CorruptRecordException e) {
            throw corrupt(e.getMessage());
        }
    }

    /** The size field against the view (wrap() checked it, but the bytes are writable), then the magic. */
    private BatchFormat checkFraming() {
        int batchLength = buffer.getInt(BATCH_LENGTH);
        if ((long) batchLength + LOG_OVERHEAD != sizeInBytes()) {
            throw corrupt("batchLength " + batchLength + " does not match the batch size " + sizeInBytes());
        }
        return format();
    }

    /**
     * The format the magic names, once the view is known to hold its whole header: a magic-2
     * batch as short as a magic-1 one (47-60 bytes) frames correctly but is cut short.
     */
    private BatchFormat format() {
        BatchFormat format;
        try {
            format = BatchFormat.of(magic());
        } catch (CorruptRecordException e) {
            throw corrupt(e.getMessage());
        }
        if (sizeInBytes() < format.headerSize()) {
            throw corrupt("truncated header: " + sizeInBytes() + " bytes, fewer than the " + format.headerSize()
                    + " of a magic-" + format.magic() + " header");
        }
        return format;
    }

    /** The header fields the CRC cannot vouch for being sensible; returns the codec they name. */
    private CompressionType checkHeaderFields(BatchFormat format) {
        CompressionType compression;
        try {
            compression = format.checkAttributes(attributes());
        } catch (CorruptRecordException e) {
            throw corrupt(e.getMessage());
        }
        int count = buffer.getInt(format.recordCountOffset());
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
        return compression;
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
        // A corrupt batch must still print: its count is "?" when the magic does not say where it is.
        String count;
        try {
            count = String.valueOf(recordCount());
        } catch (CorruptRecordException e) {
            count = "?";
        }
        return "RecordBatch(magic=" + magic() + ", baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset()
                + ", count=" + count + ", leaderEpoch=" + leaderEpoch() + ", codec=" + (attributes() & COMPRESSION_MASK)
                + ", size=" + sizeInBytes() + ")";
    }
}
