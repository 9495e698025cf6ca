package dev.rustmq.admin;

import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.tier.TieredStorage;
import java.util.List;
import java.util.Optional;

/**
 * The admin operations as this node serves them, the same for the REST API (docs/admin-api.md)
 * and the protocol's admin requests (docs/protocol.md): each is the controller's operation, then
 * this broker brought in step with it. A change forgets the broker's cached metadata of the
 * topic, so produce and fetch see it at once; a delete also removes the data the broker holds of
 * the topic's partitions, and its objects in the background. On a node without a broker only the
 * controller's part runs.
 */
public final class AdminOperations {
    private final ControllerOperations controller;
    private final PartitionResolver resolver;
    private final LogManager logs;
    private final TieredStorage tier;

    private AdminOperations(ControllerOperations controller, PartitionResolver resolver, LogManager logs,
                            TieredStorage tier) {
        this.controller = controller;
        this.resolver = resolver;
        this.logs = logs;
        this.tier = tier;
    }

    /** The admin operations of a node that runs no broker: the controller's part only. */
    public static AdminOperations withoutBroker(ControllerOperations controller) {
        return new AdminOperations(controller, null, null, null);
    }

    /**
     * The admin operations of a broker: its metadata cache ({@code resolver}), its partition logs
     * and its tiered storage ({@code tier}; null without object storage).
     */
    public static AdminOperations onBroker(ControllerOperations controller, PartitionResolver resolver,
                                           LogManager logs, TieredStorage tier) {
        return new AdminOperations(controller, resolver, logs, tier);
    }

    public TopicDescription createTopic(TopicSpec spec) {
        try {
            return controller.createTopic(spec);
        } finally {
            // Also after a failure: the cache may hold "no such topic" from before.
            forget(spec.name());
        }
    }

    public TopicDescription updateTopic(String name, TopicUpdate update) {
        try {
            return controller.updateTopic(name, update);
        } finally {
            forget(name);
        }
    }

    /** Starts moving one partition (docs/cluster.md, "Moving partitions"). */
    public PartitionMetadata reassignPartition(String topic, int partition, List<String> replicas) {
        try {
            return controller.reassignPartition(topic, partition, replicas);
        } finally {
            forget(topic);
        }
    }

    /**
     * The controller's operations that move partitions (reassignments in progress, preferred
     * leaders, rebalances and drains): nothing of this broker's own state is involved.
     */
    public ControllerOperations moves() {
        return controller;
    }

    /** Deletes the topic's metadata, then this broker's data of its partitions (its objects in the background). */
    public void deleteTopic(String name) {
        TopicDescription topic = controller.describeTopic(name);
        try {
            controller.deleteTopic(name);
        } finally {
            forget(name);
        }
        if (logs != null) {
            for (int p = 0; p < topic.topic().partitionCount(); p++) {
                logs.deletePartition(new TopicPartition(name, p));
            }
        }
        if (tier != null) {
            tier.topicDeleted(name);
        }
    }

    public TopicDescription describeTopic(String name) {
        return controller.describeTopic(name);
    }

    public List<TopicMetadata> listTopics() {
        return controller.topics();
    }

    public List<BrokerMetadata> liveBrokers() {
        return controller.liveBrokers();
    }

    /** The broker id of the node running the active controller; empty when not known. */
    public Optional<String> controllerBrokerId() {
        return controller.controllerBrokerId();
    }

    /** Every registered broker, live or not. */
    public List<BrokerMetadata> brokers() {
        return controller.brokers();
    }

    /** The cluster's id. */
    public String clusterId() {
        return controller.clusterId();
    }

    /** The active controller's id; empty while not known. */
    public Optional<String> activeControllerId() {
        return controller.activeControllerId();
    }

    /** Every controller with its state (active, standby, unreachable). */
    public List<ControllerStatus> controllers() {
        return controller.controllers();
    }

    private void forget(String topic) {
        if (resolver != null) {
            resolver.invalidate(topic);
        }
    }
}
