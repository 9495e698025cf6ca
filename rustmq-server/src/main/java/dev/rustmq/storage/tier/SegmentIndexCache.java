package dev.rustmq.storage.tier;

import dev.rustmq.controller.SegmentMetadata;
import dev.rustmq.errors.CorruptSegmentException;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Segment indexes read back from object storage, least-recently-used within a byte budget. A miss
 * costs two ranged GETs: the footer (checked against the manifest's record of the object), then
 * the index (checked against the footer).
 */
final class SegmentIndexCache {
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
        ByteBuffer tail = store.getRange(key, segment.sizeBytes() - SegmentFooter.SIZE, SegmentFooter.SIZE);
        SegmentFooter footer = SegmentFooter.decode(key, tail);
        if (footer.objectSize() != segment.sizeBytes() || footer.baseOffset() != segment.baseOffset()
                || footer.lastOffset() != segment.lastOffset() || footer.leaderEpoch() != segment.leaderEpoch()) {
            throw new CorruptSegmentException("segment " + key + ": footer " + footer
                    + " does not match the manifest's record " + segment);
        }
        ByteBuffer index = store.getRange(key, footer.dataLength(), Math.toIntExact(footer.indexLength()));
        return SegmentIndex.decode(key, footer, index);
    }
}
