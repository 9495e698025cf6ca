package dev.rustmq.cli;

import java.util.List;

/**
 * Where a partition lives, as the admin API's move endpoints return it (reassign, reassignments,
 * preferred leaders, and each partition of a topic).
 *
 * @param topic          null inside a topic's own description, whose partitions do not repeat it
 * @param leader         null while the partition has no leader
 * @param targetReplicas where a move takes it; null when it is not moving
 */
record PartitionPlacement(String topic, int partition, String leader, List<String> replicas, List<String> isr,
                          int leaderEpoch, List<String> targetReplicas) {
    PartitionPlacement {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        isr = isr == null ? List.of() : List.copyOf(isr);
        targetReplicas = targetReplicas == null ? null : List.copyOf(targetReplicas);
    }

    boolean moving() {
        return targetReplicas != null;
    }
}
