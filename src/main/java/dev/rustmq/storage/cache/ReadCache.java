package dev.rustmq.storage.cache;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Colder batches read back from the WAL or object storage ({@code [cache] read_cache_size_bytes}),
 * on the heap up to a byte budget and evicted least-recently-used ({@code eviction_policy = "Lru"}):
 * a {@link LinkedHashMap} in access order. Catch-up reads land here, never in the (off-heap, ring)
 * {@link WriteCache}, so they cannot push out the tail live consumers read. Counts hits and misses
 * for {@code cache_hit_ratio}.
 */
public final class ReadCache implements BatchCache {
    private final long capacityBytes;
    private final LinkedHashMap<CacheKey, ByteBuffer> entries;
    private long sizeBytes;
    private long hits;
    private long misses;

    public ReadCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
        this.entries = new LinkedHashMap<>(256, 0.75f, true); // access order: the eldest entry is the LRU one
    }

    /**
     * Keeps a read-only view of {@code batch}; a batch larger than the whole budget is not kept
     * (and any batch held under the same key is dropped: the cache never serves a replaced value).
     */
    @Override
    public synchronized void put(CacheKey key, ByteBuffer batch) {
        int size = batch.remaining();
        if (size > capacityBytes) {
            ByteBuffer replaced = entries.remove(key);
            if (replaced != null) {
                sizeBytes -= replaced.remaining();
            }
            return;
        }
        ByteBuffer old = entries.put(key, batch.asReadOnlyBuffer());
        if (old != null) {
            sizeBytes -= old.remaining();
        }
        sizeBytes += size;
        Iterator<Map.Entry<CacheKey, ByteBuffer>> it = entries.entrySet().iterator();
        while (sizeBytes > capacityBytes && it.hasNext()) {
            sizeBytes -= it.next().getValue().remaining();
            it.remove();
        }
    }

    /** The batch (a fresh view the caller may read), or null; counts a hit or a miss. */
    @Override
    public synchronized ByteBuffer get(CacheKey key) {
        ByteBuffer batch = entries.get(key);
        if (batch == null) {
            misses++;
            return null;
        }
        hits++;
        return batch.asReadOnlyBuffer();
    }

    @Override
    public synchronized ByteBuffer peek(CacheKey key) {
        ByteBuffer batch = entries.get(key);
        return batch == null ? null : batch.asReadOnlyBuffer();
    }

    /** Drops every batch of a partition (deleted or moved away). */
    @Override
    public synchronized void removePartition(TopicPartition partition) {
        Iterator<Map.Entry<CacheKey, ByteBuffer>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<CacheKey, ByteBuffer> e = it.next();
            if (e.getKey().partition().equals(partition)) {
                sizeBytes -= e.getValue().remaining();
                it.remove();
            }
        }
    }

    @Override
    public synchronized long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public long capacityBytes() {
        return capacityBytes;
    }

    @Override
    public synchronized CacheStats stats() {
        return new CacheStats(hits, misses, sizeBytes, entries.size());
    }
}
