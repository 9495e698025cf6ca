package dev.rustmq.controller;

import dev.rustmq.metadata.PartitionMetadata;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one partition's placement should become given the live brokers (docs/cluster.md,
 * "Leaders"): a pure function, so the rules are tested alone and the simulation checks them.
 *
 * <ul>
 *   <li>A live leader keeps the partition; in-sync replicas that are not live leave the ISR
 *       (the leader never does).</li>
 *   <li>A dead leader (or none) is replaced by the first live ISR member in replica order (the
 *       preferred replica first), one epoch later; the ISR becomes its live members.</li>
 *   <li>With no live ISR member the partition goes offline ({@link PartitionMetadata#NO_LEADER},
 *       one epoch later), keeping its ISR: only those replicas hold every acknowledged record, so
 *       only they may lead again (no unclean election). It comes back when one of them is live.</li>
 * </ul>
 */
public final class LeaderElection {
    private LeaderElection() {
    }

    /** The placement {@code p} should have with {@code live} brokers; empty when it is right as it is. */
    public static Optional<PartitionMetadata> next(PartitionMetadata p, Set<String> live) {
        if (p.hasLeader() && live.contains(p.leader())) {
            List<String> isr = p.isr().stream().filter(b -> b.equals(p.leader()) || live.contains(b)).toList();
            return isr.equals(p.isr()) ? Optional.empty() : Optional.of(p.withIsr(isr));
        }
        Optional<String> candidate = p.replicas().stream().filter(p.isr()::contains).filter(live::contains).findFirst();
        if (candidate.isPresent()) {
            List<String> isr = p.isr().stream().filter(live::contains).toList();
            return Optional.of(p.withLeader(candidate.get(), isr));
        }
        if (p.hasLeader()) {
            return Optional.of(p.withLeader(PartitionMetadata.NO_LEADER, p.isr()));
        }
        return Optional.empty();
    }
}
