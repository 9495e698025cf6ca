package dev.rustmq.storage.log;

/** A batch of a partition log as the uploader sees it: offsets, writer epoch, max timestamp, size. */
public record StoredBatch(long baseOffset, long lastOffset, int leaderEpoch, long maxTimestamp, int sizeBytes) {
}
