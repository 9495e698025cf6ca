package dev.rustmq.storage.tier;

import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.storage.errors.CorruptSegmentException;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Segment indexes read back from object storage, least-recently-used within a byte budget. A miss
 * costs one ranged GET of the object's last {@link #TAIL_BYTES}: the footer (checked against the
 * manifest's record of the object) and, unless the index is larger than that, the index (checked
 * against the footer); else a second GET for the index. One round trip instead of two matters to
 * a catch-up reader, which loads an index per segment.
 */
final class SegmentIndexCache {
    /** Holds the footer and the index of a segment of up to ~1,800 batches (36 bytes per batch). */
    static final int TAIL_BYTES = 64 << 10;

    private final ObjectStore store;
    private final long capacityBytes;
    private final LinkedHashMap<String, SegmentIndex> indexes = new LinkedHashMap<>(64, 0.75f, true);
    private long sizeBytes;

    SegmentIndexCache(ObjectStore store, long capacityBytes) {
        this.store = store;
        this.capacityBytes = capacityBytes;
    }

    synchronized boolean contains(SegmentMetadata segment) {
        return indexes.containsKey(segment.key());
    }

    SegmentIndex get(SegmentMetadata segment) {
        synchronized (this) {
            SegmentIndex cached = indexes.get(segment.key());
            if (cached != null) {
                return cached;
            }
        }
        SegmentIndex loaded = load(segment);
        synchronized (this) {
            if (indexes.put(segment.key(), loaded) == null) {
                sizeBytes += loaded.sizeInBytes();
            }
            Iterator<Map.Entry<String, SegmentIndex>> it = indexes.entrySet().iterator();
            while (sizeBytes > capacityBytes && it.hasNext()) {
                sizeBytes -= it.next().getValue().sizeInBytes();
                it.remove();
            }
        }
        return loaded;
    }

    private SegmentIndex load(SegmentMetadata segment) {
        String key = segment.key();
        if (segment.sizeBytes() < SegmentFooter.SIZE) {
            throw new CorruptSegmentException("segment " + key + " is recorded as " + segment.sizeBytes() + " bytes");
        }
        long tailStart = Math.max(0, segment.sizeBytes() - TAIL_BYTES);
        ByteBuffer tail = store.getRange(key, tailStart, (int) (segment.sizeBytes() - tailStart));
        if (tail.remaining() != segment.sizeBytes() - tailStart) {
            throw new CorruptSegmentException("segment " + key + " is shorter than the manifest's " + segment.sizeBytes()
                    + " bytes");
        }
        SegmentFooter footer = SegmentFooter.decode(key, tail.slice(tail.position() + tail.remaining()
                - SegmentFooter.SIZE, SegmentFooter.SIZE));
        if (footer.objectSize() != segment.sizeBytes() || footer.baseOffset() != segment.baseOffset()
                || footer.lastOffset() != segment.lastOffset() || footer.leaderEpoch() != segment.leaderEpoch()) {
            throw new CorruptSegmentException("segment " + key + ": footer " + footer
                    + " does not match the manifest's record " + segment);
        }
        ByteBuffer index = footer.dataLength() >= tailStart
                ? tail.slice(tail.position() + (int) (footer.dataLength() - tailStart), Math.toIntExact(footer.indexLength()))
                : store.getRange(key, footer.dataLength(), Math.toIntExact(footer.indexLength()));
        return SegmentIndex.decode(key, footer, index);
    }
}
