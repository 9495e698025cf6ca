package dev.rustmq.storage.tier;

import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.errors.CorruptSegmentException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks batches read back from a segment. A ranged read covers only some batches, so the
 * segment's data checksum cannot be used; instead each batch must pass its own CRC-32C and its
 * header fields outside that CRC (offsets, epoch, length) must equal the index's, which the index
 * checksum vouches for. Together nothing served can differ from what was uploaded.
 */
public final class SegmentBatches {
    private SegmentBatches() {
    }

    /**
     * Splits {@code bytes}, read from the object at entry {@code from}'s position, into the batches
     * {@code from..to} (inclusive) of {@code index}, checking each.
     */
    public static List<ByteBuffer> verify(String key, SegmentIndex index, int from, int to, ByteBuffer bytes) {
        List<ByteBuffer> batches = new ArrayList<>(to - from + 1);
        long start = index.entry(from).position();
        for (int i = from; i <= to; i++) {
            SegmentIndex.Entry e = index.entry(i);
            long relative = e.position() - start;
            if (relative + e.size() > bytes.remaining()) {
                throw new CorruptSegmentException("segment " + key + ": batch at offset " + e.baseOffset()
                        + " is cut short (the read returned " + bytes.remaining() + " bytes)");
            }
            ByteBuffer batch = bytes.slice(bytes.position() + (int) relative, e.size());
            check(key, e, batch);
            batches.add(batch);
        }
        return batches;
    }

    private static void check(String key, SegmentIndex.Entry e, ByteBuffer bytes) {
        RecordBatch batch;
        try {
            batch = RecordBatch.wrap(bytes.duplicate());
            batch.validate();
        } catch (RustMqException ex) {
            throw new CorruptSegmentException("segment " + key + ": batch at offset " + e.baseOffset()
                    + " is corrupt: " + ex.getMessage());
        }
        if (batch.sizeInBytes() != e.size() || batch.baseOffset() != e.baseOffset()
                || batch.lastOffset() != e.lastOffset() || batch.leaderEpoch() != e.leaderEpoch()) {
            throw new CorruptSegmentException("segment " + key + ": batch at byte " + e.position() + " is offsets "
                    + batch.baseOffset() + ".." + batch.lastOffset() + " epoch " + batch.leaderEpoch() + ", "
                    + batch.sizeInBytes() + " bytes; the index says " + e);
        }
    }

    /** A whole segment object decoded and checked: footer, index, data checksum and every batch. */
    public record Decoded(SegmentFooter footer, SegmentIndex index, List<ByteBuffer> batches) {
    }

    public static Decoded decode(String key, ByteBuffer object) {
        if (object.remaining() < SegmentFooter.SIZE) {
            throw new CorruptSegmentException("segment " + key + " is " + object.remaining() + " bytes: too short");
        }
        int end = object.limit();
        SegmentFooter footer = SegmentFooter.decode(key, object.slice(end - SegmentFooter.SIZE, SegmentFooter.SIZE));
        if (footer.objectSize() != object.remaining()) {
            throw new CorruptSegmentException("segment " + key + " is " + object.remaining() + " bytes, its footer says "
                    + footer.objectSize());
        }
        int dataStart = object.position();
        SegmentIndex index = SegmentIndex.decode(key, footer, object.slice(dataStart + (int) footer.dataLength(),
                (int) footer.indexLength()));
        ByteBuffer data = object.slice(dataStart, (int) footer.dataLength());
        if (SegmentFooter.crc(data) != footer.dataCrc()) {
            throw new CorruptSegmentException("segment " + key + ": data checksum mismatch");
        }
        return new Decoded(footer, index, verify(key, index, 0, index.size() - 1, data));
    }
}
