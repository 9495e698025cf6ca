package dev.rustmq.storage.cache;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;

/** Record batches kept in memory under a byte budget, keyed by partition and base offset. */
public interface BatchCache {
    /** Keeps a copy of (or a view on) {@code batch}; a batch that can never fit is not kept. */
    void put(CacheKey key, ByteBuffer batch);

    /** The batch as a read-only buffer of the caller's own, or null; counts a hit or a miss. */
    ByteBuffer get(CacheKey key);

    /**
     * Like {@link #get} but not counted as a hit or miss: for the uploader and read-ahead, whose
     * lookups are not consumer reads (and would skew {@code cache_hit_ratio}).
     */
    ByteBuffer peek(CacheKey key);

    /** Drops every batch of a partition (deleted or moved away). */
    void removePartition(TopicPartition partition);

    long sizeBytes();

    long capacityBytes();

    CacheStats stats();
}
