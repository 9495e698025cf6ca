package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.SegmentMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * A run of a partition's batches chosen to become one segment object, from sealing until its
 * manifest entry is committed. Touched only on the tiering thread, except the upload future.
 */
final class SealedSegment {
    final TopicPartition partition;
    final SegmentMetadata metadata;
    /** When its oldest batch started waiting for upload (monotonic ns): the upload lag's age. */
    final long waitingSinceNanos;
    CompletableFuture<Void> upload;
    boolean uploaded;

    SealedSegment(TopicPartition partition, SegmentMetadata metadata, long waitingSinceNanos) {
        this.partition = partition;
        this.metadata = metadata;
        this.waitingSinceNanos = waitingSinceNanos;
    }

    long baseOffset() {
        return metadata.baseOffset();
    }

    long lastOffset() {
        return metadata.lastOffset();
    }

    int leaderEpoch() {
        return metadata.leaderEpoch();
    }

    @Override
    public String toString() {
        return metadata.key();
    }
}
