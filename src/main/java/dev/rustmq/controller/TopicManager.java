package dev.rustmq.controller;

import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The controller's topic operations: validates requests, places partitions on live brokers and
 * writes the result to the {@link MetadataStore}. Writes are serialised here, the one writer of
 * topic metadata on the active controller.
 */
public final class TopicManager {
    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final Time time;
    private final Random random;
    private final ReassignmentManager reassignments;

    public TopicManager(MetadataStore store, BrokerRegistry brokers, Time time, Random random) {
        this(store, brokers, time, random, new ReassignmentManager(store, brokers));
    }

    /** @param reassignments moves partitions when a topic's replication factor changes */
    public TopicManager(MetadataStore store, BrokerRegistry brokers, Time time, Random random,
                        ReassignmentManager reassignments) {
        this.store = store;
        this.brokers = brokers;
        this.time = time;
        this.random = random;
        this.reassignments = reassignments;
    }

    public synchronized TopicDescription create(TopicSpec spec) {
        TopicValidator.validateName(spec.name());
        TopicValidator.validatePartitionCount(spec.partitionCount());
        TopicValidator.validateRetention(spec.retentionPolicy());
        TopicValidator.validateEtlModules(spec.etlModules());
        TopicValidator.validateConfigs(spec.configs());
        if (store.topic(spec.name()).isPresent()) {
            throw alreadyExists(spec.name());
        }
        List<BrokerMetadata> live = brokers.liveBrokers();
        TopicValidator.validateReplicationFactor(spec.replicationFactor(), live.size());

        TopicMetadata topic = new TopicMetadata(spec.name(), UUID.randomUUID().toString(), spec.partitionCount(),
                spec.replicationFactor(), spec.retentionPolicy(), spec.compression(), spec.etlModules(),
                spec.configs(), time.milliseconds());
        List<PartitionMetadata> partitions = place(spec.name(), 0, spec.partitionCount(), spec.replicationFactor(), live);
        if (!store.createTopic(topic, partitions)) {
            throw alreadyExists(spec.name());
        }
        return new TopicDescription(topic, partitions);
    }

    public synchronized TopicDescription update(String name, TopicUpdate update) {
        TopicMetadata current = store.topic(name).orElseThrow(() -> unknown(name));
        int replicationFactor = current.replicationFactor();
        if (update.replicationFactor() != null && update.replicationFactor() != current.replicationFactor()) {
            replicationFactor = update.replicationFactor();
            TopicValidator.validateReplicationFactor(replicationFactor, brokers.liveBrokers().size());
        }
        int partitionCount = current.partitionCount();
        if (update.partitionCount() != null) {
            TopicValidator.validatePartitionCount(update.partitionCount());
            if (update.partitionCount() < current.partitionCount()) {
                throw new RustMqException(ErrorCode.INVALID_PARTITIONS, "topic \"" + name + "\" has "
                        + current.partitionCount() + " partitions; partitions can be added but not removed");
            }
            partitionCount = update.partitionCount();
        }
        RetentionPolicy retention = update.retentionPolicy() != null ? update.retentionPolicy() : current.retentionPolicy();
        TopicValidator.validateRetention(retention);
        List<String> modules = update.etlModules() != null ? update.etlModules() : current.etlModules();
        TopicValidator.validateEtlModules(modules);
        Map<String, String> configs = new HashMap<>(current.configs());
        if (update.configs() != null) {
            TopicValidator.validateConfigs(update.configs());
            update.configs().forEach((k, v) -> {
                if (v == null) {
                    configs.remove(k);
                } else {
                    configs.put(k, v);
                }
            });
        }
        List<PartitionMetadata> added = List.of();
        if (partitionCount > current.partitionCount()) {
            List<BrokerMetadata> live = brokers.liveBrokers();
            TopicValidator.validateReplicationFactor(replicationFactor, live.size());
            added = place(name, current.partitionCount(), partitionCount - current.partitionCount(),
                    replicationFactor, live);
        }
        TopicMetadata next = new TopicMetadata(name, current.topicId(), partitionCount, replicationFactor,
                retention, update.compression() != null ? update.compression() : current.compression(), modules,
                configs, current.createdAtMs());
        store.updateTopic(next, added);
        if (replicationFactor != current.replicationFactor()) {
            moveToReplicationFactor(name, replicationFactor);
        }
        return new TopicDescription(next, store.partitions(name));
    }

    /** Starts a move of every partition of {@code name} whose replica count is not {@code factor}. */
    private void moveToReplicationFactor(String name, int factor) {
        List<BrokerMetadata> live = brokers.liveBrokers();
        Map<String, Integer> counts = new HashMap<>();
        for (TopicMetadata t : store.topics()) {
            for (PartitionMetadata p : store.partitions(t.name())) {
                (p.isMoving() ? p.targetReplicas() : p.replicas()).forEach(b -> counts.merge(b, 1, Integer::sum));
            }
        }
        for (PartitionMetadata p : store.partitions(name)) {
            List<String> target = ReplicationFactorChange.target(p, factor, live, counts);
            if (!target.equals(p.isMoving() ? p.targetReplicas() : p.replicas())) {
                reassignments.reassign(name, p.partition(), target);
            }
        }
    }

    public synchronized void delete(String name) {
        if (!store.deleteTopic(name)) {
            throw unknown(name);
        }
    }

    public TopicDescription describe(String name) {
        TopicMetadata topic = store.topic(name).orElseThrow(() -> unknown(name));
        return new TopicDescription(topic, store.partitions(name));
    }

    public List<TopicMetadata> list() {
        return store.topics();
    }

    private List<PartitionMetadata> place(String topic, int first, int count, int replicationFactor,
                                          List<BrokerMetadata> live) {
        List<List<String>> replicaLists = ReplicaAssigner.assign(first, count, replicationFactor, live,
                random.nextInt(Math.max(1, live.size())));
        List<PartitionMetadata> partitions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> replicas = replicaLists.get(i);
            // A new partition is empty, so every replica holds all of it: all start in sync.
            partitions.add(new PartitionMetadata(topic, first + i, replicas.get(0), replicas, replicas, 0));
        }
        return partitions;
    }

    private static RustMqException alreadyExists(String name) {
        return new RustMqException(ErrorCode.TOPIC_ALREADY_EXISTS, "topic \"" + name + "\" already exists");
    }

    private static RustMqException unknown(String name) {
        return new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic \"" + name + "\" does not exist");
    }
}
