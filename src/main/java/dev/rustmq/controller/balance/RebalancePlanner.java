package dev.rustmq.controller.balance;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import java.util.List;
import java.util.Set;

/** Plans the moves of a rebalance or a drain from the placement now (pure: the tests call it directly). */
public final class RebalancePlanner {
    private RebalancePlanner() {
    }

    /** The moves {@code strategy} makes on {@code partitions} with {@code live} brokers, moving only {@code scope}'s topics. */
    public static List<PartitionMove> plan(BalanceStrategy strategy, List<PartitionMetadata> partitions,
                                           List<BrokerMetadata> live, List<String> scope) {
        PlanningState state = new PlanningState(partitions, live, scope);
        switch (strategy) {
            case LEADER_COUNT -> LeaderCountPlanner.plan(state);
            case PARTITION_COUNT -> ReplicaCountPlanner.plan(state);
            case BALANCE_LOAD -> {
                ReplicaCountPlanner.plan(state);
                LeaderCountPlanner.plan(state);
            }
        }
        return state.moves();
    }

    /** The moves that take load off the {@code hot} brokers, at most {@code maxMoves} ({@link LoadShedPlanner}). */
    public static List<PartitionMove> shed(Set<String> hot, List<PartitionMetadata> partitions,
                                           List<BrokerMetadata> live, int maxMoves) {
        PlanningState state = new PlanningState(partitions, live, List.of());
        LoadShedPlanner.plan(state, hot, maxMoves);
        return state.moves();
    }

    /**
     * The moves that take every replica off {@code broker} (before maintenance): each goes to the
     * live broker with the fewest replicas, on a rack the partition does not use yet when there is
     * one, and the lead passes to a replica that stays. Refused, naming the partition, when no other
     * live broker can take one.
     */
    public static List<PartitionMove> drain(String broker, List<PartitionMetadata> partitions,
                                            List<BrokerMetadata> live) {
        PlanningState state = new PlanningState(partitions, live, List.of());
        state.exclude(broker);
        for (PlanningState.Slot slot : state.slots()) {
            if (!slot.replicas.contains(broker)) {
                continue;
            }
            PartitionMetadata p = slot.original;
            if (p.isMoving()) {
                throw new RustMqException(ErrorCode.INVALID_REQUEST, "cannot drain broker " + broker + ": "
                        + p.topic() + "-" + p.partition() + " is being moved to " + p.targetReplicas()
                        + "; retry when that move is done");
            }
            String to = state.replacementFor(slot, broker).orElseThrow(() -> new RustMqException(
                    ErrorCode.INVALID_REPLICATION_FACTOR, "cannot drain broker " + broker + ": " + p.topic() + "-"
                    + p.partition() + " has " + p.replicas().size() + " replicas " + p.replicas()
                    + " and no other live broker can take one (live: " + state.targets() + ")"));
            slot.replicas.remove(broker);
            slot.replicas.add(to);
        }
        return state.moves();
    }
}
