package dev.rustmq.storage.cache;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batches kept in memory up to a byte budget, evicting in a {@link LinkedHashMap}'s order: insertion
 * order for the write cache (the oldest appends leave first, so the tail stays), access order for
 * the read cache (LRU). Counts hits and misses for {@code cache_hit_ratio}.
 */
public class ByteBoundedCache implements BatchCache {
    private final long capacityBytes;
    private final LinkedHashMap<CacheKey, ByteBuffer> entries;
    private long sizeBytes;
    private long hits;
    private long misses;

    protected ByteBoundedCache(long capacityBytes, boolean accessOrder) {
        this.capacityBytes = capacityBytes;
        this.entries = new LinkedHashMap<>(256, 0.75f, accessOrder);
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
