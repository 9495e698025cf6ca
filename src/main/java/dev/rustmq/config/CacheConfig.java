package dev.rustmq.config;

/** {@code [cache]}: the broker's write cache (hot tail) and read cache (cold blocks). */
public record CacheConfig(long writeCacheSizeBytes, long readCacheSizeBytes, String evictionPolicy) {
}
