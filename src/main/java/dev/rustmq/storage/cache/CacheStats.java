package dev.rustmq.storage.cache;

/** Hits, misses and occupancy of one cache. */
public record CacheStats(long hits, long misses, long sizeBytes, int entries) {
    /** Hits over lookups; 0 before the first lookup. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
