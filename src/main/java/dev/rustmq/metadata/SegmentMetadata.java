package dev.rustmq.metadata;

/**
 * One segment object of a partition's log in object storage: its key, the offsets it holds, the
 * leader epoch that uploaded it, its size and its largest record timestamp (for retention by time
 * and lookups by time without reading it).
 */
public record SegmentMetadata(String key, long baseOffset, long lastOffset, int leaderEpoch, long sizeBytes,
                              long maxTimestamp) {
}
