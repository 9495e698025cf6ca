package dev.rustmq.controller;

import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a partition's replicas go when its topic's replication factor changes (a pure function;
 * the change itself is a move). Growing keeps every replica and adds live brokers holding the
 * fewest replicas, on racks the partition does not use yet first. Shrinking keeps the leader and
 * the replicas listed first. The leader never changes.
 */
public final class ReplicationFactorChange {
    private ReplicationFactorChange() {
    }

    /**
     * The replicas {@code p} should have with {@code factor} replicas; {@code replicaCounts} (how many
     * replicas each broker holds) is updated with the choice so the next partition sees it.
     */
    public static List<String> target(PartitionMetadata p, int factor, List<BrokerMetadata> live,
                                      Map<String, Integer> replicaCounts) {
        List<String> current = p.isMoving() ? p.targetReplicas() : p.replicas();
        List<String> target = new ArrayList<>();
        if (factor <= current.size()) {
            if (p.hasLeader() && current.contains(p.leader())) {
                target.add(p.leader());
            }
            current.stream().filter(b -> !target.contains(b)).limit(factor - target.size()).forEach(target::add);
            target.sort(Comparator.comparingInt(current::indexOf));
        } else {
            target.addAll(current);
            Map<String, String> racks = new HashMap<>();
            live.forEach(b -> racks.put(b.id(), b.rackId()));
            while (target.size() < factor) {
                Set<String> usedRacks = new HashSet<>();
                target.forEach(b -> usedRacks.add(racks.getOrDefault(b, "")));
                String next = live.stream().map(BrokerMetadata::id).filter(b -> !target.contains(b))
                        .min(Comparator.<String>comparingInt(b -> usedRacks.contains(racks.get(b)) ? 1 : 0)
                                .thenComparingInt(b -> replicaCounts.getOrDefault(b, 0))
                                .thenComparing(Comparator.naturalOrder()))
                        .orElseThrow(() -> new IllegalArgumentException("need " + factor + " live brokers, have "
                                + live.size()));
                target.add(next);
            }
        }
        current.stream().filter(b -> !target.contains(b)).forEach(b -> replicaCounts.merge(b, -1, Integer::sum));
        target.stream().filter(b -> !current.contains(b)).forEach(b -> replicaCounts.merge(b, 1, Integer::sum));
        return target;
    }
}
