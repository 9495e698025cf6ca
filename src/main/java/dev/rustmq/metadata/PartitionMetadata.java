package dev.rustmq.metadata;

import java.util.List;

/**
 * One partition's placement: its leader ({@link #NO_LEADER} while offline), replica list, in-sync
 * replicas and leader epoch. The epoch only ever changes by compare-and-set (the controller's
 * {@code MetadataStore.replacePartition}), and goes up by one with every change of leader.
 */
public record PartitionMetadata(String topic, int partition, String leader, List<String> replicas, List<String> isr,
                                int leaderEpoch) {
    /** The leader of a partition that has none (offline: no in-sync replica is live). */
    public static final String NO_LEADER = "";

    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        leader = leader == null ? NO_LEADER : leader;
    }

    /** False while the partition is offline. */
    public boolean hasLeader() {
        return !leader.isEmpty();
    }

    /** The same partition led by {@code newLeader} (or {@link #NO_LEADER}) with {@code newIsr}, one epoch later. */
    public PartitionMetadata withLeader(String newLeader, List<String> newIsr) {
        return new PartitionMetadata(topic, partition, newLeader, replicas, newIsr, leaderEpoch + 1);
    }

    /** The same leader and epoch with another in-sync set. */
    public PartitionMetadata withIsr(List<String> newIsr) {
        return new PartitionMetadata(topic, partition, leader, replicas, newIsr, leaderEpoch);
    }
}
