package dev.rustmq.controller;

import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.ControllerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Controller metadata: topics, partitions, brokers, and each partition's tiered-storage manifest. One implementation over embedded Infinispan
 * caches ({@link InfinispanMetadataStore}), local on one controller and replicated between several.
 * Methods throw {@link dev.rustmq.metadata.MetadataStoreException} when the store cannot answer.
 */
public interface MetadataStore extends StorageMetadata, AutoCloseable {

    /** The id this cluster got when its metadata was first created. */
    String clusterId();

    /** True when reads and writes can be served now: this controller has the quorum. */
    boolean isAvailable();

    /** Which controller may change metadata now; a single controller always may. */
    ControllerQuorum quorum();

    /** Stores a new topic and its partitions; false (and nothing written) when the name is taken. */
    boolean createTopic(TopicMetadata topic, List<PartitionMetadata> partitions);

    /** Replaces a topic's metadata and adds partitions (partitions are never removed, as in Kafka). */
    void updateTopic(TopicMetadata topic, List<PartitionMetadata> addedPartitions);

    /** Removes a topic and its partitions; false when there was no such topic. */
    boolean deleteTopic(String name);

    /** Compare-and-set of one partition: only succeeds if the stored value equals {@code expected}. */
    boolean replacePartition(PartitionMetadata expected, PartitionMetadata next);

    void putBroker(BrokerMetadata broker);

    Optional<BrokerMetadata> broker(String id);

    List<BrokerMetadata> brokers();

    /** Stores (or replaces) a controller's announcement. */
    void putController(ControllerMetadata controller);

    /** Every controller that announced itself, by id. */
    List<ControllerMetadata> controllers();

    /** Every rebalance plan kept (running and completed), oldest first. */
    List<RebalancePlan> rebalances();

    /**
     * Compare-and-set of a rebalance plan: stores {@code next} only if the stored plan with its id
     * equals {@code expected} ({@code null}: only if there is none).
     */
    boolean replaceRebalance(RebalancePlan expected, RebalancePlan next);

    /** Forgets a plan (old completed ones are pruned). */
    void removeRebalance(String id);

    @Override
    void close();
}
