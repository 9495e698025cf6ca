package dev.rustmq.storage.cache;

/**
 * The hot tail ({@code [cache] write_cache_size_bytes}): every appended batch goes in; the oldest
 * leave first, so consumers that keep up read from memory.
 */
public final class WriteCache extends ByteBoundedCache {
    public WriteCache(long capacityBytes) {
        super(capacityBytes, false);
    }
}
