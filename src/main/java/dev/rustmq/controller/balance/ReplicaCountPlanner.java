package dev.rustmq.controller.balance;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evens out how many replicas each live broker holds ({@link BalanceStrategy#PARTITION_COUNT}).
 * First every replica on a broker that is not live moves to a live one; then, while the fullest
 * and the emptiest broker differ by more than one replica, one replica moves from a fuller to an
 * emptier broker, a follower rather than a leader, without putting two replicas on one rack that
 * were not there before. Each partition moves at most once per plan.
 */
final class ReplicaCountPlanner {
    private ReplicaCountPlanner() {
    }

    static void plan(PlanningState state) {
        for (PlanningState.Slot slot : state.slots()) {
            if (!slot.movable) {
                continue;
            }
            for (String replica : List.copyOf(slot.replicas)) {
                if (!state.isLive(replica) || !state.targets().contains(replica)) {
                    state.replacementFor(slot, replica).ifPresent(to -> state.replace(slot, replica, to));
                }
            }
        }
        for (int round = 0; round < state.slots().size() * 4; round++) {
            if (!moveOne(state)) {
                return;
            }
        }
    }

    /** One replica from a fuller to an emptier broker; false when none helps. */
    private static boolean moveOne(PlanningState state) {
        Map<String, Integer> counts = state.replicaCounts();
        List<String> fullestFirst = PlanningState.mostFirst(counts);
        for (String from : fullestFirst) {
            for (String to : PlanningState.leastFirst(counts)) {
                if (counts.get(from) - counts.get(to) <= 1) {
                    break;
                }
                Optional<PlanningState.Slot> slot = candidate(state, from, to);
                if (slot.isPresent()) {
                    state.replace(slot.get(), from, to);
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<PlanningState.Slot> candidate(PlanningState state, String from, String to) {
        return state.slots().stream()
                .filter(s -> s.movable && !s.changed() && s.replicas.contains(from) && !s.replicas.contains(to))
                .filter(s -> state.keepsRackSpread(s, from, to))
                .min(Comparator.comparingInt(s -> s.leader.equals(from) ? 1 : 0));
    }
}
