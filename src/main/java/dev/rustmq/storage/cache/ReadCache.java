package dev.rustmq.storage.cache;

/**
 * Colder batches read back from the WAL or object storage ({@code [cache] read_cache_size_bytes}),
 * evicted least-recently-used ({@code eviction_policy = "Lru"}). Catch-up reads land here, never in
 * the write cache, so they cannot push out the tail live consumers read.
 */
public final class ReadCache extends ByteBoundedCache {
    public ReadCache(long capacityBytes) {
        super(capacityBytes, true);
    }
}
