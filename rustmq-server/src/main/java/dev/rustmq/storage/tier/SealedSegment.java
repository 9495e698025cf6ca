package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.SegmentMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * A run of a partition's batches chosen to become one segment object, from sealing until its
 * manifest entry is committed. Touched only on the tiering thread, except the upload future.
 */
final class SealedSegment {
    final TopicPartition partition;
    final SegmentMetadata metadata;
    CompletableFuture<Void> upload;
    boolean uploaded;

    SealedSegment(TopicPartition partition, SegmentMetadata metadata) {
        this.partition = partition;
        this.metadata = metadata;
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
