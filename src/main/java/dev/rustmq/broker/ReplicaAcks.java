package dev.rustmq.broker;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.PartitionMetadata;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What the produce path asks of replication for acks=all (docs/replication.md): how many replicas
 * are in sync now, and when the in-sync replicas hold a batch.
 */
public interface ReplicaAcks {
    /** A broker whose partitions have one replica each: the leader's durable append is all there is. */
    ReplicaAcks SINGLE_REPLICA = new ReplicaAcks() {
        @Override
        public int leaderEpoch(PartitionMetadata placement) {
            return placement.leaderEpoch();
        }

        @Override
        public OptionalInt inSyncCount(TopicPartition partition) {
            return OptionalInt.empty();
        }

        @Override
        public CompletableFuture<Void> awaitReplicas(TopicPartition partition, long endOffset, int minInSync) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /**
     * The epoch this broker leads the partition at, for stamping an append, given the placement
     * the request path read (which names this broker leader): the replicas take the lead now if
     * they had not yet. Throws LEADER_NOT_AVAILABLE (nothing written; retry) when they know a newer
     * placement that does not.
     */
    int leaderEpoch(PartitionMetadata placement);

    /** The in-sync count this leader knows, fresher than cached metadata; empty when it does not lead the partition. */
    OptionalInt inSyncCount(TopicPartition partition);

    /**
     * Completes when every in-sync replica holds the offsets below {@code endOffset} durably (the
     * high watermark passed them) with at least {@code minInSync} in sync; fails with
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND if the in-sync set is smaller by then, or NOT_LEADER if this
     * broker stops leading first.
     */
    CompletableFuture<Void> awaitReplicas(TopicPartition partition, long endOffset, int minInSync);
}
