package dev.rustmq.storage.wal;

/** Counters for metrics and benchmarks: appends, bytes, syncs (fewer syncs than appends = group commit). */
public record WalStats(long appends, long bytesAppended, long syncs, long sizeBytes) {
}
