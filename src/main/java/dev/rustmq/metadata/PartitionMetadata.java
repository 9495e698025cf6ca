package dev.rustmq.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition's placement: its leader ({@link #NO_LEADER} while offline), replica list, in-sync
 * replicas and leader epoch, and where a reassignment in progress takes it ({@code targetReplicas},
 * empty when none: docs/cluster.md, "Moving partitions"). The epoch only ever changes by
 * compare-and-set (the controller's {@code MetadataStore.replacePartition}), and goes up by one with
 * every change of leader. The partition epoch goes up with every other change (the in-sync set,
 * a move's steps, a new order), so a leader's in-sync proposal made from an older record is
 * refused, and a leader can tell a replica removed and added back from one that never left
 * (Kafka's partition epoch; docs/cluster.md, "Moving partitions").
 */
public record PartitionMetadata(String topic, int partition, String leader, List<String> replicas, List<String> isr,
                                int leaderEpoch, List<String> targetReplicas, int partitionEpoch) {
    /** The leader of a partition that has none (offline: no in-sync replica is live). */
    public static final String NO_LEADER = "";

    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        targetReplicas = targetReplicas == null ? List.of() : List.copyOf(targetReplicas);
        leader = leader == null ? NO_LEADER : leader;
    }

    /** A partition that is not being moved. */
    public PartitionMetadata(String topic, int partition, String leader, List<String> replicas, List<String> isr,
                             int leaderEpoch) {
        this(topic, partition, leader, replicas, isr, leaderEpoch, List.of(), 0);
    }

    /** False while the partition is offline. */
    public boolean hasLeader() {
        return !leader.isEmpty();
    }

    /** True while a reassignment moves this partition to {@link #targetReplicas}. */
    public boolean isMoving() {
        return !targetReplicas.isEmpty();
    }

    /** The same partition led by {@code newLeader} (or {@link #NO_LEADER}) with {@code newIsr}, one epoch later. */
    public PartitionMetadata withLeader(String newLeader, List<String> newIsr) {
        return new PartitionMetadata(topic, partition, newLeader, replicas, newIsr, leaderEpoch + 1, targetReplicas,
                partitionEpoch);
    }

    /**
     * The same leader and epoch with another in-sync set, one partition epoch later: a leader's
     * proposal made before this change (from the set it replaces) is then refused.
     */
    public PartitionMetadata withIsr(List<String> newIsr) {
        return new PartitionMetadata(topic, partition, leader, replicas, newIsr, leaderEpoch, targetReplicas,
                partitionEpoch + 1);
    }

    /**
     * The start of a move to {@code target}: the replicas become the current ones followed by the new
     * ones (they start copying the tail; the leader and epoch stay), and the target is recorded.
     */
    public PartitionMetadata withMoveTo(List<String> target) {
        List<String> union = new ArrayList<>(replicas);
        target.stream().filter(b -> !union.contains(b)).forEach(union::add);
        return new PartitionMetadata(topic, partition, leader, union, isr, leaderEpoch, target, partitionEpoch + 1);
    }

    /**
     * The end of a move: the replicas become the target, in its order (its first is the preferred
     * leader), the in-sync set keeps only them, and {@code newLeader} leads; the epoch goes up by
     * one if the leader changes.
     */
    public PartitionMetadata withMoveDone(String newLeader) {
        List<String> keptIsr = isr.stream().filter(targetReplicas::contains).toList();
        int epoch = newLeader.equals(leader) ? leaderEpoch : leaderEpoch + 1;
        return new PartitionMetadata(topic, partition, newLeader, targetReplicas, keptIsr, epoch, List.of(),
                partitionEpoch + 1);
    }

    /** The same placement with the replicas in another order (a new preferred leader), nothing else changed. */
    public PartitionMetadata withReplicaOrder(List<String> ordered) {
        return new PartitionMetadata(topic, partition, leader, ordered, isr, leaderEpoch, targetReplicas,
                partitionEpoch + 1);
    }

    /** True when {@code broker} is a replica or a move is bringing it in. */
    public boolean hosts(String broker) {
        return replicas.contains(broker) || targetReplicas.contains(broker);
    }
}
