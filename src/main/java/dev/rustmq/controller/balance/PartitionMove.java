package dev.rustmq.controller.balance;

import java.util.HashSet;
import java.util.List;

/**
 * One step of a rebalance plan: a partition's replicas go from {@code fromReplicas} to
 * {@code toReplicas}. The same brokers in another order move only the lead (to the first of
 * {@code toReplicas}); other brokers move the partition (a metadata move, docs/cluster.md).
 *
 * @param state {@link #PENDING}, {@link #MOVING}, {@link #DONE} or {@link #FAILED} (then {@code error} says why)
 */
public record PartitionMove(String topic, int partition, List<String> fromReplicas, List<String> toReplicas,
                            String fromLeader, String state, String error, long startedAtMs, long finishedAtMs) {
    public static final String PENDING = "pending";
    public static final String MOVING = "moving";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public PartitionMove {
        fromReplicas = List.copyOf(fromReplicas);
        toReplicas = List.copyOf(toReplicas);
    }

    /** A move not started yet. */
    public static PartitionMove planned(String topic, int partition, List<String> from, List<String> to,
                                       String fromLeader) {
        return new PartitionMove(topic, partition, from, to, fromLeader, PENDING, null, 0, 0);
    }

    /** True when only the lead moves: the replicas stay, in another order. */
    public boolean leaderOnly() {
        return new HashSet<>(fromReplicas).equals(new HashSet<>(toReplicas));
    }

    public boolean finished() {
        return DONE.equals(state) || FAILED.equals(state);
    }

    public PartitionMove started(long nowMs) {
        return new PartitionMove(topic, partition, fromReplicas, toReplicas, fromLeader, MOVING, null, nowMs, 0);
    }

    public PartitionMove done(long nowMs) {
        return new PartitionMove(topic, partition, fromReplicas, toReplicas, fromLeader, DONE, null, startedAtMs, nowMs);
    }

    public PartitionMove failed(String why, long nowMs) {
        return new PartitionMove(topic, partition, fromReplicas, toReplicas, fromLeader, FAILED, why, startedAtMs,
                nowMs);
    }
}
