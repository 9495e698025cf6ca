package dev.rustmq.metadata;

import java.util.List;
import java.util.Optional;

/**
 * The narrow port through which storage and the broker's data path read and write the cluster's
 * metadata: topics (settings, retention), their partitions (leaders, leader epochs) and each
 * partition's tiered-storage manifest. The controller's metadata store implements it; storage
 * sees nothing else of the controller (docs/architecture.md). Methods throw
 * {@link MetadataStoreException} when the metadata cannot be read or written now.
 */
public interface StorageMetadata {

    Optional<TopicMetadata> topic(String name);

    List<TopicMetadata> topics();

    /** The partitions of a topic, by partition number; empty when the topic does not exist. */
    List<PartitionMetadata> partitions(String topic);

    /** The partition's tiered-storage manifest; empty before its first upload. */
    Optional<PartitionManifest> manifest(String topic, int partition);

    /**
     * Compare-and-set of a partition's manifest: stores {@code next} only if the stored manifest
     * equals {@code expected} ({@code null}: only if there is none). Deleting the topic removes it.
     */
    boolean replaceManifest(PartitionManifest expected, PartitionManifest next);

    /**
     * A leader's change of its partition's in-sync replicas (docs/replication.md): stored by
     * compare-and-set only while {@code leader} still leads at {@code leaderEpoch} and the replica
     * list is still at {@code partitionEpoch} (the proposal was made from it), else
     * {@link FencedLeaderEpochException}. {@code isr} must hold the leader and only replicas.
     * Returns the partition as stored.
     */
    PartitionMetadata alterIsr(String topic, int partition, String leader, int leaderEpoch, int partitionEpoch,
                               List<String> isr);

    /**
     * Reserves {@code count} idempotent-producer ids for a broker to hand out: returns the first of
     * a range no other call ever gets (a compare-and-set on the cluster's metadata, so a minority
     * controller cannot hand out any).
     */
    long allocateProducerIds(int count);
}
