package dev.rustmq.controller;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The controller's partition moves (docs/cluster.md, "Moving partitions"): starts a move by
 * recording its target replicas ({@link Reassignment} carries it on with every pass of the
 * {@link LeadershipReconciler}), reorders replicas, and elects preferred leaders. Each change is a
 * compare-and-set of the partition's record, retried from what is stored when another change won.
 */
public final class ReassignmentManager {
    private static final Logger LOG = Logger.getLogger(ReassignmentManager.class.getName());

    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final Runnable onMoveStarted;

    public ReassignmentManager(MetadataStore store, BrokerRegistry brokers) {
        this(store, brokers, () -> { });
    }

    /** @param onMoveStarted called after each move starts (the reconciler then passes more often) */
    public ReassignmentManager(MetadataStore store, BrokerRegistry brokers, Runnable onMoveStarted) {
        this.store = store;
        this.brokers = brokers;
        this.onMoveStarted = onMoveStarted;
    }

    /**
     * Moves a partition to {@code replicas} (the first is its preferred leader); returns it as
     * stored. The same brokers in another order only change the preferred leader. Refused when a
     * broker is not live, is named twice, or the list is empty.
     */
    public PartitionMetadata reassign(String topic, int partition, List<String> replicas) {
        validateReplicas(topic, partition, replicas);
        while (true) {
            PartitionMetadata current = partition(topic, partition);
            PartitionMetadata next;
            if (new HashSet<>(replicas).equals(new HashSet<>(current.replicas())) && !current.isMoving()) {
                if (replicas.equals(current.replicas())) {
                    return current;
                }
                next = current.withReplicaOrder(replicas);
            } else {
                next = current.withMoveTo(replicas);
            }
            if (store.replacePartition(current, next)) {
                onMoveStarted.run();
                LOG.info(() -> topic + "-" + partition + ": move from " + current.replicas() + " to " + replicas
                        + " started");
                return next;
            }
        }
    }

    /**
     * Hands leadership back to each partition's preferred replica (the first) where it is live and
     * in sync and does not lead; {@code topics} empty means every topic. Returns the partitions whose
     * leader changed.
     */
    public List<PartitionMetadata> electPreferredLeaders(List<String> topics) {
        Set<String> live = liveIds();
        List<PartitionMetadata> changed = new ArrayList<>();
        for (String topic : topics.isEmpty() ? store.topics().stream().map(TopicMetadata::name).toList() : topics) {
            if (store.topic(topic).isEmpty()) {
                throw unknownTopic(topic);
            }
            for (PartitionMetadata p : store.partitions(topic)) {
                electPreferredLeader(p, live).ifPresent(changed::add);
            }
        }
        return changed;
    }

    /** Moves the lead of one partition to its preferred replica now, if that replica may lead. */
    public Optional<PartitionMetadata> electPreferredLeader(PartitionMetadata p, Set<String> live) {
        String preferred = p.replicas().get(0);
        if (preferred.equals(p.leader()) || !p.isr().contains(preferred) || !live.contains(preferred)) {
            return Optional.empty();
        }
        PartitionMetadata next = p.withLeader(preferred, p.isr());
        if (!store.replacePartition(p, next)) {
            return Optional.empty();
        }
        LOG.info(() -> p.topic() + "-" + p.partition() + ": leader " + p.leader() + " -> preferred replica "
                + preferred + ", epoch " + next.leaderEpoch());
        return Optional.of(next);
    }

    /** Every partition being moved now. */
    public List<PartitionMetadata> inProgress() {
        List<PartitionMetadata> moving = new ArrayList<>();
        for (TopicMetadata topic : store.topics()) {
            store.partitions(topic.name()).stream().filter(PartitionMetadata::isMoving).forEach(moving::add);
        }
        return moving;
    }

    PartitionMetadata partition(String topic, int partition) {
        if (store.topic(topic).isEmpty()) {
            throw unknownTopic(topic);
        }
        return store.partitions(topic).stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic \"" + topic
                        + "\" has no partition " + partition));
    }

    private void validateReplicas(String topic, int partition, List<String> replicas) {
        String what = "replicas of " + topic + "-" + partition;
        if (replicas == null || replicas.isEmpty()) {
            throw new RustMqException(ErrorCode.INVALID_REPLICATION_FACTOR, what + " must name at least one broker");
        }
        if (new HashSet<>(replicas).size() != replicas.size()) {
            throw new RustMqException(ErrorCode.INVALID_REQUEST, what + " name a broker twice: " + replicas);
        }
        Set<String> live = liveIds();
        List<String> notLive = replicas.stream().filter(b -> !live.contains(b)).toList();
        if (!notLive.isEmpty()) {
            throw new RustMqException(ErrorCode.INVALID_REQUEST, what + " name brokers that are not live: " + notLive
                    + " (live: " + live.stream().sorted().toList() + ")");
        }
    }

    private Set<String> liveIds() {
        Set<String> live = new HashSet<>();
        brokers.liveBrokers().stream().map(BrokerMetadata::id).forEach(live::add);
        return live;
    }

    private static RustMqException unknownTopic(String topic) {
        return new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic \"" + topic + "\" does not exist");
    }
}
