package dev.rustmq.node;

import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.admin.LocalController;
import dev.rustmq.common.Time;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.metadata.TopicMetadata;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The controller: the metadata store, the broker registry (registrations and heartbeats, who is
 * live) and the topic manager (the one writer of topic metadata). The broker side of a node sees
 * it only through ports: the store as {@link dev.rustmq.metadata.StorageMetadata}, the registry as
 * {@link dev.rustmq.metadata.BrokerRegistration}, and both as {@link ControllerOperations}.
 */
final class ControllerServices {
    private final RustMqConfig config;
    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final TopicManager topics;

    private ControllerServices(RustMqConfig config, MetadataStore store, Time time) {
        this.config = config;
        this.store = store;
        this.brokers = new BrokerRegistry(store, time, config.controller().electionTimeoutMs());
        this.topics = new TopicManager(store, brokers, time, new SecureRandom());
    }

    /** Opens the metadata store ({@code stores} opens it from the configuration), registered with {@code closer}. */
    static ControllerServices open(RustMqConfig config, Time time, Function<RustMqConfig, MetadataStore> stores,
                                   Closer closer) {
        return new ControllerServices(config, closer.register("metadata store", stores.apply(config)), time);
    }

    MetadataStore store() {
        return store;
    }

    BrokerRegistry brokers() {
        return brokers;
    }

    TopicManager topics() {
        return topics;
    }

    /** The admin's view of this controller; it runs on this node, so this broker's id is the controller's. */
    ControllerOperations operations() {
        return new LocalController(topics, brokers, config.broker().id());
    }

    /** Readiness: the metadata store answers. */
    CheckResult checkMetadataStore() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("path", config.metastore().path().toString());
        boolean up;
        try {
            up = store.isAvailable();
            if (up) {
                data.put("cluster_id", store.clusterId());
            }
        } catch (RuntimeException e) {
            up = false;
            data.put("error", String.valueOf(e.getMessage()));
        }
        return new CheckResult("metadata-store", up, data);
    }

    int topicCount() {
        return topics.list().size();
    }

    int partitionCount() {
        return topics.list().stream().mapToInt(TopicMetadata::partitionCount).sum();
    }

    int brokerCount() {
        return brokers.brokers().size();
    }

    int liveBrokerCount() {
        return (int) brokers.brokers().stream().filter(brokers::isLive).count();
    }
}
