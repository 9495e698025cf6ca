package dev.rustmq.admin;

import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import java.util.List;
import java.util.Optional;

/** {@link ControllerOperations} served by the controller running in this process. */
public final class LocalController implements ControllerOperations {
    private final TopicManager topics;
    private final BrokerRegistry brokers;
    private final String brokerId;

    /** @param brokerId this node's broker id: the active controller's, since it runs here */
    public LocalController(TopicManager topics, BrokerRegistry brokers, String brokerId) {
        this.topics = topics;
        this.brokers = brokers;
        this.brokerId = brokerId;
    }

    @Override
    public TopicDescription createTopic(TopicSpec spec) {
        return topics.create(spec);
    }

    @Override
    public TopicDescription updateTopic(String name, TopicUpdate update) {
        return topics.update(name, update);
    }

    @Override
    public void deleteTopic(String name) {
        topics.delete(name);
    }

    @Override
    public TopicDescription describeTopic(String name) {
        return topics.describe(name);
    }

    @Override
    public List<TopicMetadata> topics() {
        return topics.list();
    }

    @Override
    public List<BrokerMetadata> liveBrokers() {
        return brokers.liveBrokers();
    }

    @Override
    public Optional<String> controllerBrokerId() {
        return Optional.of(brokerId);
    }
}
