package dev.rustmq.controller;

import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.ControllerMetadata;
import dev.rustmq.metadata.FencedLeaderEpochException;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * {@link MetadataStore} over five string maps (topics, partitions, brokers, cluster — its id and the
 * controllers' announcements — and manifests). Infinispan
 * caches are such maps; the tests' {@code MemoryMetadataStore} uses plain ones.
 *
 * <p>Writes are ordered so a crash between two of them leaves nothing visible half-made: a
 * topic's partitions are written before the topic, and removed after it; {@link #removeOrphans()}
 * clears what such a crash leaves behind.
 */
public class KeyValueMetadataStore implements MetadataStore {
    private static final String CLUSTER_ID = "cluster.id";
    private static final String CONTROLLER_PREFIX = "controller/";
    private static final String NEXT_PRODUCER_ID = "producer_ids.next";
    private static final String REBALANCE_PREFIX = "rebalance/";

    private final ConcurrentMap<String, String> topics;
    private final ConcurrentMap<String, String> partitions;
    private final ConcurrentMap<String, String> brokers;
    private final ConcurrentMap<String, String> cluster;
    private final ConcurrentMap<String, String> manifests;
    private final ControllerQuorum quorum;
    private volatile boolean initialised;

    /**
     * @param quorum whether this controller may serve metadata now; every read and write is refused
     *               with {@link MetadataStoreException} while it has no quorum
     */
    protected KeyValueMetadataStore(ConcurrentMap<String, String> topics, ConcurrentMap<String, String> partitions,
                                    ConcurrentMap<String, String> brokers, ConcurrentMap<String, String> cluster,
                                    ConcurrentMap<String, String> manifests, ControllerQuorum quorum) {
        this.topics = topics;
        this.partitions = partitions;
        this.brokers = brokers;
        this.cluster = cluster;
        this.manifests = manifests;
        this.quorum = quorum;
    }

    /**
     * Gives a new cluster its id and clears what an interrupted write left behind. Replicated
     * controllers do it on the first call that finds the quorum: before that, a controller cannot
     * tell a new cluster from one it has not reached yet.
     */
    protected final synchronized void initialise() {
        if (initialised || !quorum.hasQuorum()) {
            return;
        }
        cluster.putIfAbsent(CLUSTER_ID, UUID.randomUUID().toString());
        removeOrphans();
        initialised = true;
    }

    @Override
    public ControllerQuorum quorum() {
        return quorum;
    }

    @Override
    public String clusterId() {
        return guard(() -> cluster.get(CLUSTER_ID));
    }

    @Override
    public boolean isAvailable() {
        return quorum.hasQuorum();
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        return guard(() -> Optional.ofNullable(topics.get(name)).map(json -> MetadataCodec.decode(json, TopicMetadata.class)));
    }

    @Override
    public List<TopicMetadata> topics() {
        return guard(() -> decodeAll(topics, TopicMetadata.class, Comparator.comparing(TopicMetadata::name)));
    }

    @Override
    public boolean createTopic(TopicMetadata topic, List<PartitionMetadata> newPartitions) {
        return guard(() -> {
            if (topics.containsKey(topic.name())) {
                return false;
            }
            for (PartitionMetadata p : newPartitions) {
                // A manifest left by an earlier topic of this name (a write that raced its delete) is not this one's.
                manifests.remove(partitionKey(p.topic(), p.partition()));
                partitions.put(partitionKey(p.topic(), p.partition()), MetadataCodec.encode(p));
            }
            return topics.putIfAbsent(topic.name(), MetadataCodec.encode(topic)) == null;
        });
    }

    @Override
    public void updateTopic(TopicMetadata topic, List<PartitionMetadata> addedPartitions) {
        guard(() -> {
            for (PartitionMetadata p : addedPartitions) {
                partitions.put(partitionKey(p.topic(), p.partition()), MetadataCodec.encode(p));
            }
            topics.put(topic.name(), MetadataCodec.encode(topic));
            return null;
        });
    }

    @Override
    public boolean deleteTopic(String name) {
        return guard(() -> {
            String removed = topics.remove(name);
            if (removed == null) {
                return false;
            }
            int count = MetadataCodec.decode(removed, TopicMetadata.class).partitionCount();
            for (int p = 0; p < count; p++) {
                partitions.remove(partitionKey(name, p));
                manifests.remove(partitionKey(name, p));
            }
            return true;
        });
    }

    @Override
    public List<PartitionMetadata> partitions(String topic) {
        return guard(() -> {
            Optional<TopicMetadata> t = topic(topic);
            if (t.isEmpty()) {
                return List.of();
            }
            List<PartitionMetadata> result = new ArrayList<>();
            for (int p = 0; p < t.get().partitionCount(); p++) {
                String json = partitions.get(partitionKey(topic, p));
                if (json != null) {
                    result.add(MetadataCodec.decode(json, PartitionMetadata.class));
                }
            }
            return result;
        });
    }

    @Override
    public boolean replacePartition(PartitionMetadata expected, PartitionMetadata next) {
        return guard(() -> partitions.replace(partitionKey(expected.topic(), expected.partition()),
                MetadataCodec.encode(expected), MetadataCodec.encode(next)));
    }

    @Override
    public PartitionMetadata alterIsr(String topic, int partition, String leader, int leaderEpoch, int partitionEpoch,
                                      List<String> isr) {
        while (true) {
            PartitionMetadata current = partitions(topic).stream().filter(p -> p.partition() == partition).findFirst()
                    .orElseThrow(() -> new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + topic
                            + "-" + partition + " does not exist"));
            if (!current.leader().equals(leader) || current.leaderEpoch() != leaderEpoch) {
                throw new FencedLeaderEpochException("broker " + leader + " no longer leads " + topic + "-" + partition
                        + " at epoch " + leaderEpoch + "; it is led by " + (current.hasLeader() ? current.leader()
                        : "nobody") + " at epoch " + current.leaderEpoch());
            }
            if (current.partitionEpoch() != partitionEpoch) {
                throw new FencedLeaderEpochException("the replicas of " + topic + "-" + partition + " changed (partition "
                        + "epoch " + current.partitionEpoch() + ", proposal made at " + partitionEpoch + ") to "
                        + current.replicas() + "; propose again from them");
            }
            if (!isr.contains(leader) || !current.replicas().containsAll(isr)) {
                throw new RustMqException(ErrorCode.INVALID_REQUEST, "in-sync replicas " + isr + " of " + topic + "-"
                        + partition + " must hold the leader " + leader + " and only replicas " + current.replicas());
            }
            if (current.isr().equals(isr)) {
                return current;
            }
            PartitionMetadata next = current.withIsr(isr);
            if (replacePartition(current, next)) {
                return next;
            }
        }
    }

    @Override
    public List<RebalancePlan> rebalances() {
        return guard(() -> cluster.entrySet().stream().filter(e -> e.getKey().startsWith(REBALANCE_PREFIX))
                .map(e -> MetadataCodec.decode(e.getValue(), RebalancePlan.class))
                .sorted(Comparator.comparingLong(RebalancePlan::createdAtMs).thenComparing(RebalancePlan::id))
                .toList());
    }

    @Override
    public boolean replaceRebalance(RebalancePlan expected, RebalancePlan next) {
        String key = REBALANCE_PREFIX + next.id();
        return guard(() -> expected == null ? cluster.putIfAbsent(key, MetadataCodec.encode(next)) == null
                : cluster.replace(key, MetadataCodec.encode(expected), MetadataCodec.encode(next)));
    }

    @Override
    public void removeRebalance(String id) {
        guard(() -> cluster.remove(REBALANCE_PREFIX + id));
    }

    @Override
    public long allocateProducerIds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("allocate at least one producer id, not " + count);
        }
        return guard(() -> {
            while (true) {
                String current = cluster.get(NEXT_PRODUCER_ID);
                long first = current == null ? 0 : Long.parseLong(current);
                String next = Long.toString(first + count);
                boolean won = current == null ? cluster.putIfAbsent(NEXT_PRODUCER_ID, next) == null
                        : cluster.replace(NEXT_PRODUCER_ID, current, next);
                if (won) {
                    return first;
                }
            }
        });
    }

    @Override
    public Optional<PartitionManifest> manifest(String topic, int partition) {
        return guard(() -> Optional.ofNullable(manifests.get(partitionKey(topic, partition)))
                .map(json -> MetadataCodec.decode(json, PartitionManifest.class)));
    }

    @Override
    public boolean replaceManifest(PartitionManifest expected, PartitionManifest next) {
        if (expected != null && (!expected.topic().equals(next.topic()) || expected.partition() != next.partition())) {
            throw new IllegalArgumentException("a manifest replaces one of the same partition");
        }
        String key = partitionKey(next.topic(), next.partition());
        return guard(() -> expected == null ? manifests.putIfAbsent(key, MetadataCodec.encode(next)) == null
                : manifests.replace(key, MetadataCodec.encode(expected), MetadataCodec.encode(next)));
    }

    @Override
    public void putBroker(BrokerMetadata broker) {
        guard(() -> brokers.put(broker.id(), MetadataCodec.encode(broker)));
    }

    @Override
    public Optional<BrokerMetadata> broker(String id) {
        return guard(() -> Optional.ofNullable(brokers.get(id)).map(json -> MetadataCodec.decode(json, BrokerMetadata.class)));
    }

    @Override
    public List<BrokerMetadata> brokers() {
        return guard(() -> decodeAll(brokers, BrokerMetadata.class, Comparator.comparing(BrokerMetadata::id)));
    }

    @Override
    public void putController(ControllerMetadata controller) {
        guard(() -> cluster.put(CONTROLLER_PREFIX + controller.id(), MetadataCodec.encode(controller)));
    }

    @Override
    public List<ControllerMetadata> controllers() {
        return guard(() -> {
            List<ControllerMetadata> all = new ArrayList<>();
            cluster.forEach((key, json) -> {
                if (key.startsWith(CONTROLLER_PREFIX)) {
                    all.add(MetadataCodec.decode(json, ControllerMetadata.class));
                }
            });
            all.sort(Comparator.comparing(ControllerMetadata::id));
            return all;
        });
    }

    /** Partitions and manifests whose topic is gone or smaller: what a crash between two writes can leave. */
    final int removeOrphans() {
        return removeOrphans(partitions) + removeOrphans(manifests);
    }

    private int removeOrphans(ConcurrentMap<String, String> partitions) {
        return handleFailures(() -> {
            int removed = 0;
            for (String key : new ArrayList<>(partitions.keySet())) {
                int slash = key.lastIndexOf('/');
                String topic = key.substring(0, slash);
                int partition = Integer.parseInt(key.substring(slash + 1));
                String json = topics.get(topic);
                if (json == null || partition >= MetadataCodec.decode(json, TopicMetadata.class).partitionCount()) {
                    partitions.remove(key);
                    removed++;
                }
            }
            return removed;
        });
    }

    @Override
    public void close() {
    }

    private static <T> List<T> decodeAll(ConcurrentMap<String, String> map, Class<T> type, Comparator<T> order) {
        List<T> all = new ArrayList<>();
        for (String json : map.values()) {
            all.add(MetadataCodec.decode(json, type));
        }
        all.sort(order);
        return all;
    }

    private static String partitionKey(String topic, int partition) {
        return topic + "/" + partition;
    }

    /**
     * Every call: refused while this controller has no quorum (the message says how many controllers
     * it sees), and store failures become one exception type the API layer maps to 503.
     */
    private <T> T guard(Supplier<T> action) {
        Optional<String> refusal = quorum.refusal();
        if (refusal.isPresent()) {
            throw new MetadataStoreException(refusal.get(), null);
        }
        if (!initialised) {
            handleFailures(() -> {
                initialise();
                return null;
            });
        }
        return handleFailures(action);
    }

    private static <T> T handleFailures(Supplier<T> action) {
        try {
            return action.get();
        } catch (RustMqException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MetadataStoreException("controller metadata store failed: " + e.getMessage(), e);
        }
    }
}
