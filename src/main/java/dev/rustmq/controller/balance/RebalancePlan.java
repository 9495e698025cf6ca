package dev.rustmq.controller.balance;

import java.util.List;

/**
 * A rebalance: the moves a {@link BalanceStrategy} planned and how far they are, kept in the
 * controllers' metadata so another controller carries it on after a failover (docs/cluster.md,
 * "Rebalancing"). At most {@code maxConcurrentMoves} of its moves run at once.
 *
 * @param state      {@link #RUNNING} until every move is done or failed, then {@link #COMPLETED}
 * @param topicNames the topics whose partitions may move (empty: all)
 * @param drainedBroker the broker a {@link #DRAIN} empties; null for other strategies
 */
public record RebalancePlan(String id, String strategy, List<String> topicNames, String drainedBroker,
                            int maxConcurrentMoves, String state, long createdAtMs, long finishedAtMs,
                            List<PartitionMove> moves) {
    /** The strategy of a plan that empties one broker ({@code drainedBroker}). */
    public static final String DRAIN = "DRAIN";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";

    public RebalancePlan {
        topicNames = topicNames == null ? List.of() : List.copyOf(topicNames);
        moves = List.copyOf(moves);
    }

    public RebalancePlan withMoves(List<PartitionMove> next, long nowMs) {
        boolean finished = next.stream().allMatch(PartitionMove::finished);
        return new RebalancePlan(id, strategy, topicNames, drainedBroker, maxConcurrentMoves,
                finished ? COMPLETED : RUNNING,
                createdAtMs, finished ? nowMs : 0, next);
    }

    public long count(String moveState) {
        return moves.stream().filter(m -> m.state().equals(moveState)).count();
    }
}
