package dev.rustmq.admin;

import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.metadata.BrokerMetadata;
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
}
