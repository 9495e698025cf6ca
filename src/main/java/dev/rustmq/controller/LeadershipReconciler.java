package dev.rustmq.controller;

import dev.rustmq.common.Time;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The active controller's pass over every partition (docs/cluster.md, "Leaders"): brings each to
 * what {@link LeaderElection} says for the brokers live now, each change a compare-and-set of the
 * partition's record, so a controller that lost its place mid-pass cannot overwrite a newer one
 * (a lost race is retried on the next pass, from what is stored).
 *
 * <p>It judges no broker before it has watched for a whole session timeout: after this controller
 * becomes active (brokers may still be finding it) and after a pause of its own longer than half a
 * session (its view of heartbeats is stale, not the brokers).
 */
public final class LeadershipReconciler {
    private static final Logger LOG = Logger.getLogger(LeadershipReconciler.class.getName());

    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final Time time;
    private final long sessionTimeoutMs;
    private long watchingSinceMs = -1;
    private long lastPassMs = -1;
    private long elections;
    private long movesCompleted;
    /** Whether a partition was moving at the last pass (or a move started since): passes then run more often. */
    private volatile boolean movesPending;

    public LeadershipReconciler(MetadataStore store, BrokerRegistry brokers, Time time) {
        this.store = store;
        this.brokers = brokers;
        this.time = time;
        this.sessionTimeoutMs = brokers.sessionTimeoutMs();
    }

    /**
     * One pass, if this controller is active and has watched long enough; returns the partitions it
     * changed. Callers run it every heartbeat interval, on one thread.
     */
    public synchronized List<PartitionMetadata> runOnce() {
        long now = time.milliseconds();
        boolean paused = lastPassMs >= 0 && now - lastPassMs > sessionTimeoutMs / 2;
        lastPassMs = now;
        if (!store.quorum().isActive()) {
            watchingSinceMs = -1;
            return List.of();
        }
        if (watchingSinceMs < 0 || paused) {
            watchingSinceMs = now;
        }
        if (now - watchingSinceMs < sessionTimeoutMs) {
            return List.of();
        }
        return reconcile(Set.copyOf(brokers.liveBrokers().stream().map(b -> b.id()).toList()));
    }

    /** Brings every partition in line with {@code live}, then moves on the moves in progress; returns what changed. */
    List<PartitionMetadata> reconcile(Set<String> live) {
        List<PartitionMetadata> changed = new ArrayList<>();
        boolean moving = false;
        for (TopicMetadata topic : store.topics()) {
            for (PartitionMetadata p : store.partitions(topic.name())) {
                Optional<PartitionMetadata> next = LeaderElection.next(p, live);
                if (next.isPresent()) {
                    if (!store.replacePartition(p, next.get())) {
                        continue;
                    }
                    changed.add(next.get());
                    log(p, next.get());
                    p = next.get();
                }
                Optional<PartitionMetadata> moved = Reassignment.next(p, live);
                if (moved.isPresent() && store.replacePartition(p, moved.get())) {
                    changed.add(moved.get());
                    logMove(p, moved.get());
                    p = moved.get();
                }
                moving |= p.isMoving();
            }
        }
        movesPending = moving;
        return changed;
    }

    /** Says a move started: passes run every {@code MOVE_PASS_MS} until no partition is moving. */
    public void expectMoves() {
        movesPending = true;
    }

    /** Whether a move is in progress, as of the last pass. */
    public boolean movesPending() {
        return movesPending;
    }

    private void logMove(PartitionMetadata before, PartitionMetadata after) {
        if (after.isMoving()) {
            LOG.info(() -> before.topic() + "-" + before.partition() + ": moving to " + after.targetReplicas()
                    + ", replicas now " + after.replicas());
            return;
        }
        movesCompleted++;
        if (!before.leader().equals(after.leader())) {
            elections++;
        }
        LOG.info(() -> before.topic() + "-" + before.partition() + ": moved from " + before.replicas() + " to "
                + after.replicas() + ", leader " + after.leader() + " at epoch " + after.leaderEpoch());
    }

    /** Moves this controller completed. */
    public synchronized long movesCompleted() {
        return movesCompleted;
    }

    private void log(PartitionMetadata before, PartitionMetadata after) {
        if (before.leader().equals(after.leader())) {
            LOG.info(() -> before.topic() + "-" + before.partition() + ": in-sync replicas " + before.isr() + " -> "
                    + after.isr());
            return;
        }
        elections++;
        LOG.info(() -> before.topic() + "-" + before.partition() + ": leader "
                + (before.hasLeader() ? before.leader() : "(none)") + " -> "
                + (after.hasLeader() ? after.leader() : "(none: offline until an in-sync replica returns)")
                + ", epoch " + after.leaderEpoch() + ", in-sync replicas " + after.isr());
    }

    /** Leader changes this controller made (offline partitions included). */
    public synchronized long elections() {
        return elections;
    }
}
