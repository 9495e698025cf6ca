package dev.rustmq.controller.balance;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes load off brokers above a threshold (docs/cluster.md, "Auto-balancer"): first their
 * leaderships, each handed to the in-sync replica on a broker that is not hot and leads the
 * fewest partitions (cheap: no data moves, and the leader carries the produce and most fetch
 * traffic); only when no leadership can move, replicas, each to the emptiest broker that is not
 * hot. At most {@code maxMoves} partitions per plan.
 */
final class LoadShedPlanner {
    private LoadShedPlanner() {
    }

    static void plan(PlanningState state, Set<String> hot, int maxMoves) {
        hot.forEach(state::exclude);
        int moved = shedLeaders(state, hot, maxMoves);
        if (moved == 0) {
            shedReplicas(state, hot, maxMoves);
        }
    }

    private static int shedLeaders(PlanningState state, Set<String> hot, int maxMoves) {
        int moved = 0;
        for (PlanningState.Slot slot : state.slots()) {
            if (moved >= maxMoves) {
                break;
            }
            if (!slot.movable || !hot.contains(slot.leader)) {
                continue;
            }
            Map<String, Integer> leaders = state.leaderCounts();
            Optional<String> to = slot.replicas.stream()
                    .filter(b -> leaders.containsKey(b) && slot.original.isr().contains(b))
                    .min(Comparator.<String>comparingInt(leaders::get).thenComparing(Comparator.naturalOrder()));
            if (to.isPresent()) {
                state.lead(slot, to.get());
                moved++;
            }
        }
        return moved;
    }

    private static void shedReplicas(PlanningState state, Set<String> hot, int maxMoves) {
        int moved = 0;
        List<PlanningState.Slot> followersFirst = state.slots().stream()
                .sorted(Comparator.comparingInt(s -> hot.contains(s.leader) ? 1 : 0)).toList();
        for (PlanningState.Slot slot : followersFirst) {
            if (moved >= maxMoves) {
                return;
            }
            if (!slot.movable || slot.changed()) {
                continue;
            }
            for (String replica : List.copyOf(slot.replicas)) {
                if (hot.contains(replica)) {
                    Optional<String> to = state.replacementFor(slot, replica);
                    if (to.isPresent()) {
                        state.replace(slot, replica, to.get());
                        moved++;
                        break;
                    }
                }
            }
        }
    }
}
