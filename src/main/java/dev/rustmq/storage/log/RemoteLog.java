package dev.rustmq.storage.log;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The part of partition logs that lives in object storage (implemented by the tiering layer). A
 * partition log asks it for its bounds when it is created, and for batches below what its WAL
 * still holds. Reads block on the object store: callers keep them off I/O event loops.
 */
public interface RemoteLog {

    /** No object storage: every log is wholly in the WAL. */
    RemoteLog NONE = new RemoteLog() {
        @Override
        public Optional<Bounds> bounds(TopicPartition partition) {
            return Optional.empty();
        }

        @Override
        public List<ByteBuffer> read(TopicPartition partition, long offset, long endOffset, int maxBytes) {
            throw new IllegalStateException("no remote log for " + partition);
        }

        @Override
        public Optional<OffsetAndTimestamp> offsetForTimestamp(TopicPartition partition, long timestamp,
                                                               long endOffset) {
            return Optional.empty();
        }

        @Override
        public Collection<TopicPartition> partitions() {
            return List.of();
        }
    };

    /** Offsets {@code [logStartOffset, endOffset)} of a partition are in object storage. */
    record Bounds(long logStartOffset, long endOffset) {
    }

    /** The partition's remote bounds; empty when nothing of it was uploaded. */
    Optional<Bounds> bounds(TopicPartition partition);

    /**
     * Whole batches from the one holding {@code offset}, all below {@code endOffset}, up to
     * {@code maxBytes} but at least one. Fails with a storage error when the store cannot serve them.
     */
    List<ByteBuffer> read(TopicPartition partition, long offset, long endOffset, int maxBytes);

    /** The first record below {@code endOffset} whose timestamp is at or after {@code timestamp}. */
    Optional<OffsetAndTimestamp> offsetForTimestamp(TopicPartition partition, long timestamp, long endOffset);

    /** Every partition with data in object storage: a broker whose disk was wiped serves them all. */
    Collection<TopicPartition> partitions();

    /** The partition was deleted: forget what is known of it (a re-created one starts empty). */
    default void partitionDeleted(TopicPartition partition) {
    }
}
