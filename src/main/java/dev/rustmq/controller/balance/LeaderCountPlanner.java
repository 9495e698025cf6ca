package dev.rustmq.controller.balance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evens out how many partitions each live broker leads ({@link BalanceStrategy#LEADER_COUNT}):
 * while the busiest and the idlest broker differ by more than one leadership, a partition led by
 * a busier broker hands its lead to an in-sync replica on an idler one (or, in a partition the plan
 * moves anyway, to any of its new replicas: all are in sync when the move completes). No data moves.
 */
final class LeaderCountPlanner {
    private LeaderCountPlanner() {
    }

    static void plan(PlanningState state) {
        for (int round = 0; round < state.slots().size() * 2; round++) {
            if (!moveOne(state)) {
                return;
            }
        }
    }

    private static boolean moveOne(PlanningState state) {
        Map<String, Integer> counts = state.leaderCounts();
        List<String> busiestFirst = PlanningState.mostFirst(counts);
        for (String from : busiestFirst) {
            for (String to : PlanningState.leastFirst(counts)) {
                if (counts.get(from) - counts.get(to) <= 1) {
                    break;
                }
                Optional<PlanningState.Slot> slot = state.slots().stream()
                        .filter(s -> s.movable && s.leader.equals(from) && s.replicas.contains(to)
                                && (s.original.isr().contains(to) || s.changed()))
                        .findFirst();
                if (slot.isPresent()) {
                    state.lead(slot.get(), to);
                    return true;
                }
            }
        }
        return false;
    }
}
