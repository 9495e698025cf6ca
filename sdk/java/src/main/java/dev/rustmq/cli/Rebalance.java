package dev.rustmq.cli;

import java.util.List;

/**
 * A rebalance or drain plan as the admin API returns it ({@code /api/v1/rebalance/{id}}): what it
 * moves and how far it got. Read from the API's snake_case JSON ({@link AdminApi#JSON}).
 *
 * @param broker the broker a drain empties; null for a rebalance
 * @param state  {@code running} until every move is done or failed, then {@code completed}
 */
record Rebalance(String rebalanceId, String strategy, List<String> topicNames, String broker,
                 int maxConcurrentMoves, String state, String createdAt, String finishedAt, int movesTotal,
                 int movesPending, int movesInProgress, int movesDone, int movesFailed, List<Move> moves) {
    static final String COMPLETED = "completed";

    Rebalance {
        topicNames = topicNames == null ? List.of() : List.copyOf(topicNames);
        moves = moves == null ? List.of() : List.copyOf(moves);
    }

    boolean completed() {
        return COMPLETED.equals(state);
    }

    boolean isDrain() {
        return broker != null;
    }

    /**
     * One partition's move.
     *
     * @param kind  {@code replicas} (data moves to other brokers) or {@code leader} (the same brokers, another leader)
     * @param state {@code pending}, {@code moving}, {@code done} or {@code failed} (then {@code error} says why)
     */
    record Move(String topic, int partition, String kind, List<String> from, List<String> to, String state,
                String error, Long durationMs) {
        static final String PENDING = "pending";
        static final String DONE = "done";
        static final String FAILED = "failed";

        Move {
            from = from == null ? List.of() : List.copyOf(from);
            to = to == null ? List.of() : List.copyOf(to);
        }

        boolean finished() {
            return DONE.equals(state) || FAILED.equals(state);
        }

        boolean leaderOnly() {
            return "leader".equals(kind);
        }

        /** {@code topic-partition}, as the server's messages and logs name a partition. */
        String name() {
            return topic + "-" + partition;
        }
    }
}
