package dev.rustmq.controller.balance;

import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A planner's working copy of the placement: every partition's replicas and leader as the plan so
 * far leaves them, the live brokers and their racks, and counts per broker. Planners change it;
 * {@link #moves} is the difference from where it started. Partitions being moved already, or
 * offline, are never planned.
 */
final class PlanningState {
    /** One partition as the plan leaves it. */
    static final class Slot {
        final PartitionMetadata original;
        final boolean movable;
        final List<String> replicas;
        String leader;

        Slot(PartitionMetadata p, boolean inScope) {
            this.original = p;
            this.movable = inScope && !p.isMoving() && p.hasLeader();
            this.replicas = new ArrayList<>(p.replicas());
            this.leader = p.leader();
        }

        boolean changed() {
            return !replicas.equals(original.replicas());
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, String> rackOf = new LinkedHashMap<>();
    private final Set<String> excluded = new HashSet<>();

    /**
     * @param scope topics whose partitions may move (empty: all); the others still count
     */
    PlanningState(List<PartitionMetadata> partitions, List<BrokerMetadata> live, List<String> scope) {
        live.stream().sorted(Comparator.comparing(BrokerMetadata::id)).forEach(b -> rackOf.put(b.id(), b.rackId()));
        for (PartitionMetadata p : partitions) {
            slots.add(new Slot(p, scope.isEmpty() || scope.contains(p.topic())));
        }
    }

    List<Slot> slots() {
        return slots;
    }

    /** Live brokers that may receive replicas (not excluded), by id. */
    List<String> targets() {
        return rackOf.keySet().stream().filter(b -> !excluded.contains(b)).toList();
    }

    boolean isLive(String broker) {
        return rackOf.containsKey(broker);
    }

    /** Keeps {@code broker} from receiving anything (a broker being drained). */
    void exclude(String broker) {
        excluded.add(broker);
    }

    Map<String, Integer> replicaCounts() {
        Map<String, Integer> counts = new HashMap<>();
        targets().forEach(b -> counts.put(b, 0));
        slots.forEach(s -> s.replicas.forEach(b -> counts.computeIfPresent(b, (k, n) -> n + 1)));
        return counts;
    }

    Map<String, Integer> leaderCounts() {
        Map<String, Integer> counts = new HashMap<>();
        targets().forEach(b -> counts.put(b, 0));
        slots.forEach(s -> counts.computeIfPresent(s.leader, (k, n) -> n + 1));
        return counts;
    }

    /**
     * The broker that should take {@code slot}'s replica on {@code leaving}: a target not holding
     * the partition, on a rack its other replicas do not use when there is one, with the fewest
     * replicas. Empty when none may.
     */
    Optional<String> replacementFor(Slot slot, String leaving) {
        Set<String> usedRacks = new HashSet<>();
        slot.replicas.stream().filter(b -> !b.equals(leaving)).forEach(b -> usedRacks.add(rackOf.get(b)));
        Map<String, Integer> counts = replicaCounts();
        return targets().stream().filter(b -> !slot.replicas.contains(b))
                .min(Comparator.<String>comparingInt(b -> usedRacks.contains(rackOf.get(b)) ? 1 : 0)
                        .thenComparingInt(counts::get).thenComparing(Comparator.naturalOrder()));
    }

    /** Whether moving {@code slot}'s replica from {@code from} to {@code to} keeps its racks as spread as they are. */
    boolean keepsRackSpread(Slot slot, String from, String to) {
        String toRack = rackOf.get(to);
        if (toRack == null || toRack.equals(rackOf.get(from))) {
            return true;
        }
        return slot.replicas.stream().filter(b -> !b.equals(from)).noneMatch(b -> toRack.equals(rackOf.get(b)));
    }

    /**
     * Replaces {@code from} with {@code to} in the slot's replicas (same position). A moved partition
     * ends up led by its first replica (every new replica is in sync when the move completes, and
     * the controller then hands the lead to the first), so the plan counts it there.
     */
    void replace(Slot slot, String from, String to) {
        slot.replicas.set(slot.replicas.indexOf(from), to);
        slot.leader = slot.replicas.get(0);
    }

    /** Gives the slot's lead to {@code to}, an in-sync replica, putting it first. */
    void lead(Slot slot, String to) {
        slot.replicas.remove(to);
        slot.replicas.add(0, to);
        slot.leader = to;
    }

    /** The moves from the placement this state started with to where it is now. */
    List<PartitionMove> moves() {
        List<PartitionMove> moves = new ArrayList<>();
        for (Slot s : slots) {
            if (s.changed()) {
                moves.add(PartitionMove.planned(s.original.topic(), s.original.partition(), s.original.replicas(),
                        List.copyOf(s.replicas), s.original.leader()));
            }
        }
        return moves;
    }

    /** Brokers by count, highest first (ties by id). */
    static List<String> mostFirst(Map<String, Integer> counts) {
        return counts.keySet().stream()
                .sorted(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** Brokers by count, lowest first (ties by id). */
    static List<String> leastFirst(Map<String, Integer> counts) {
        return counts.keySet().stream()
                .sorted(Comparator.<String>comparingInt(counts::get).thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
