package dev.rustmq.cli;

import java.util.List;

/** Rebalance plans for the tests, with the counts the server would report for their moves. */
final class Plans {
    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    private Plans() {
    }

    static Rebalance plan(Rebalance.Move... moves) {
        List<Rebalance.Move> all = List.of(moves);
        boolean completed = all.stream().allMatch(Rebalance.Move::finished);
        return new Rebalance(ID, "PARTITION_COUNT", List.of(), null, 2, completed ? "completed" : "running",
                "2026-12-07T22:17:44Z", completed ? "2026-12-07T22:18:01Z" : null, all.size(), count(all, "pending"),
                count(all, "moving"), count(all, "done"), count(all, "failed"), all);
    }

    static Rebalance.Move move(int partition, String state) {
        return switch (state) {
            case "done" -> new Rebalance.Move("orders", partition, "replicas", List.of("0", "1"), List.of("1", "2"),
                    state, null, 1520L);
            case "failed" -> new Rebalance.Move("orders", partition, "replicas", List.of("0", "1"), List.of("1", "2"),
                    state, "the topic was deleted", 3L);
            default -> new Rebalance.Move("orders", partition, "replicas", List.of("0", "1"), List.of("1", "2"),
                    state, null, null);
        };
    }

    private static int count(List<Rebalance.Move> moves, String state) {
        return (int) moves.stream().filter(m -> m.state().equals(state)).count();
    }
}
