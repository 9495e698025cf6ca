package dev.rustmq.admin;

import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import java.util.List;
import java.util.Optional;

/**
 * What the admin operations ask of the active controller: its topic operations and its view of
 * the brokers. {@link LocalController} serves it from this process's controller; a broker without
 * a local controller serves it with an RPC client of the active one ({@code rpc.RemoteController}). Failures are
 * {@link dev.rustmq.errors.RustMqException}s carrying the code callers answer with.
 */
public interface ControllerOperations {

    TopicDescription createTopic(TopicSpec spec);

    TopicDescription updateTopic(String name, TopicUpdate update);

    /** Removes the topic's metadata; {@code UNKNOWN_TOPIC_OR_PARTITION} when there is no such topic. */
    void deleteTopic(String name);

    /** The topic with its partitions; {@code UNKNOWN_TOPIC_OR_PARTITION} when there is no such topic. */
    TopicDescription describeTopic(String name);

    List<TopicMetadata> topics();

    /** Brokers whose heartbeat is within the session timeout. */
    List<BrokerMetadata> liveBrokers();

    /** Every registered broker, live or not, by id. */
    List<BrokerMetadata> brokers();

    /** The cluster's id, given when its metadata was first created. */
    String clusterId();

    /** The broker id of the node running the active controller; empty when not known. */
    Optional<String> controllerBrokerId();

    /** The active controller's id as this node sees it; empty while it is not known. */
    Optional<String> activeControllerId();

    /** Every controller: the announced ones and those in this controller's view, each with its state. */
    List<ControllerStatus> controllers();

    // ---- moving partitions (docs/cluster.md, "Moving partitions" and "Rebalancing")

    /** Starts moving one partition to {@code replicas} (the first is its preferred leader); returns it as stored. */
    PartitionMetadata reassignPartition(String topic, int partition, List<String> replicas);

    /** Partitions being moved now. */
    List<PartitionMetadata> reassignments();

    /** Hands each partition's lead to its preferred replica where it can; {@code topics} empty: all. Returns those changed. */
    List<PartitionMetadata> electPreferredLeaders(List<String> topics);

    /** Plans and starts a rebalance; {@code REBALANCE_IN_PROGRESS} while another runs. */
    RebalancePlan startRebalance(String strategy, List<String> topicNames, int maxConcurrentMoves);

    /** Plans and starts moving every replica off {@code broker}. */
    RebalancePlan drainBroker(String broker, int maxConcurrentMoves);

    /** Cancels a running plan's moves not started yet; {@code NOT_FOUND} for an unknown id. */
    RebalancePlan cancelRebalance(String id);

    /** One plan; {@code NOT_FOUND} for an unknown id. */
    RebalancePlan rebalance(String id);

    /** Every plan kept, oldest first. */
    List<RebalancePlan> rebalances();
}
