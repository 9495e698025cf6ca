package dev.rustmq.node;

import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A broker-role node's data path reads topics and placements from here: what the broker last
 * read of the whole placement (every {@link ReplicationServices#REFRESH_MS}), so the produce and
 * fetch paths do not call the controller, over the network and on a transport's event loop, for
 * a topic they know (a call that could hold the event loop for seconds while controllers fail
 * over). A topic missing here — just created, or forgotten after a change made through this
 * broker — is read from the controller; every write goes to it.
 */
final class PlacementSnapshot implements StorageMetadata {
    private final StorageMetadata controller;
    private volatile Map<String, TopicMetadata> topics = Map.of();
    private volatile Map<String, List<PartitionMetadata>> partitions = Map.of();

    PlacementSnapshot(StorageMetadata controller) {
        this.controller = controller;
    }

    /** The placement as just read. */
    void update(List<TopicMetadata> newTopics, Map<String, List<PartitionMetadata>> newPartitions) {
        Map<String, TopicMetadata> byName = new HashMap<>();
        newTopics.forEach(t -> byName.put(t.name(), t));
        partitions = Map.copyOf(newPartitions);
        topics = byName;
    }

    /** A change made through this broker: read the topic from the controller until the next refresh. */
    void forget(String topic) {
        Map<String, TopicMetadata> t = new HashMap<>(topics);
        t.remove(topic);
        topics = t;
        Map<String, List<PartitionMetadata>> p = new HashMap<>(partitions);
        p.remove(topic);
        partitions = p;
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        TopicMetadata known = topics.get(name);
        return known != null ? Optional.of(known) : controller.topic(name);
    }

    @Override
    public List<TopicMetadata> topics() {
        return controller.topics();
    }

    @Override
    public List<PartitionMetadata> partitions(String topic) {
        List<PartitionMetadata> known = topics.containsKey(topic) ? partitions.get(topic) : null;
        return known != null ? known : controller.partitions(topic);
    }

    @Override
    public Optional<PartitionManifest> manifest(String topic, int partition) {
        return controller.manifest(topic, partition);
    }

    @Override
    public boolean replaceManifest(PartitionManifest expected, PartitionManifest next) {
        return controller.replaceManifest(expected, next);
    }

    @Override
    public PartitionMetadata alterIsr(String topic, int partition, String leader, int leaderEpoch, int partitionEpoch,
                                      List<String> isr) {
        return controller.alterIsr(topic, partition, leader, leaderEpoch, partitionEpoch, isr);
    }

    @Override
    public long allocateProducerIds(int count) {
        return controller.allocateProducerIds(count);
    }
}
