package dev.rustmq.controller;

import dev.rustmq.metadata.PartitionMetadata;
import java.util.Optional;
import java.util.Set;

/**
 * The next step of a partition's move (docs/cluster.md, "Moving partitions"): a pure function, like
 * {@link LeaderElection}, run by the active controller after it on every pass.
 *
 * <p>A move copies no log. The new replicas were added to the replica list when the move started
 * ({@link PartitionMetadata#withMoveTo}); they fetch only the tail the leader has not uploaded yet
 * (a new replica's log starts where the manifest ends) and join the in-sync set once they hold it.
 * When every target replica is in sync the move completes: the replicas become the target, and if
 * the leader is not among them, the first target replica in sync and live leads, one epoch later.
 * An in-sync replica holds every acknowledged (acks=all) record, so the new leader does too.
 */
public final class Reassignment {
    private Reassignment() {
    }

    /** The placement {@code p} should have now; empty while it waits (or when it is not moving). */
    public static Optional<PartitionMetadata> next(PartitionMetadata p, Set<String> live) {
        if (!p.isMoving() || !p.hasLeader()) {
            return Optional.empty();
        }
        if (!p.replicas().containsAll(p.targetReplicas())) {
            return Optional.of(p.withMoveTo(p.targetReplicas()));
        }
        if (!p.isr().containsAll(p.targetReplicas())) {
            return Optional.empty();
        }
        if (p.targetReplicas().contains(p.leader())) {
            return Optional.of(p.withMoveDone(p.leader()));
        }
        return p.targetReplicas().stream().filter(live::contains).findFirst().map(p::withMoveDone);
    }
}
