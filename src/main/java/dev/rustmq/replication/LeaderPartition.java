package dev.rustmq.replication;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.PartitionMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A leader's view of one partition's replicas (docs/replication.md): the in-sync set the
 * controller stored, the change it proposed and has not seen stored yet, and each follower's
 * progress. From these come the high watermark (the lowest durable end over the in-sync set, the
 * leader's own included) and the next in-sync change (drop a follower that has not caught up for
 * {@code max_replication_lag} ms, add one that reached the high watermark).
 *
 * <p>While a change is pending, the high watermark counts the replicas of both the stored and the
 * proposed set: a follower being added counts at once, a follower being dropped until the drop is
 * stored, so the high watermark never passes a replica the controller may still elect.
 */
public final class LeaderPartition {
    private final TopicPartition partition;
    private final String leaderId;
    private final int leaderEpoch;
    private List<String> replicas;
    private int partitionEpoch;
    /**
     * This leader's durable end when it took over: it holds every committed record, and a follower
     * joins the in-sync set only once its copy reaches here too (its high watermark may still lag
     * the previous leader's, so reaching the high watermark alone is not enough).
     */
    private final long epochStartOffset;
    private List<String> isr;
    private List<String> proposed;
    /**
     * Followers about to join: caught up at their last fetch but short of the high watermark, which
     * ran on meanwhile (with only the leader in sync it moves with every append). They hold the
     * high watermark back already, so at their next fetch they reach it and can join.
     */
    private final Set<String> joining = new LinkedHashSet<>();
    private final Map<String, FollowerProgress> followers = new HashMap<>();

    LeaderPartition(PartitionMetadata metadata, long epochStartOffset, long nowMs) {
        this.epochStartOffset = epochStartOffset;
        this.partition = new TopicPartition(metadata.topic(), metadata.partition());
        this.leaderId = metadata.leader();
        this.leaderEpoch = metadata.leaderEpoch();
        this.replicas = metadata.replicas();
        this.partitionEpoch = metadata.partitionEpoch();
        this.isr = metadata.isr();
        addFollowers(nowMs);
    }

    private void addFollowers(long nowMs) {
        for (String replica : replicas) {
            if (!replica.equals(leaderId)) {
                followers.putIfAbsent(replica, new FollowerProgress(nowMs));
            }
        }
    }

    public TopicPartition partition() {
        return partition;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public synchronized List<String> isr() {
        return isr;
    }

    synchronized boolean isReplica(String brokerId) {
        return followers.containsKey(brokerId);
    }

    /** Records a follower's fetch from {@code fetchOffset} (its durable end); {@code leaderEnd} is the leader's. */
    synchronized void onFollowerFetch(String follower, long fetchOffset, long leaderEnd, long nowMs) {
        FollowerProgress progress = followers.get(follower);
        if (progress != null) {
            progress.onFetch(fetchOffset, leaderEnd, nowMs);
        }
    }

    /** The high watermark the replicas allow, given the leader's durable end. */
    synchronized long highWatermark(long leaderEnd) {
        long hw = leaderEnd;
        for (String replica : counted()) {
            if (!replica.equals(leaderId)) {
                FollowerProgress progress = followers.get(replica);
                hw = Math.min(hw, progress == null ? 0 : Math.max(0, progress.logEndOffset));
            }
        }
        return hw;
    }

    /** Replicas whose copies hold back the high watermark: the stored set, any proposed one, and those joining. */
    private Set<String> counted() {
        Set<String> counted = new LinkedHashSet<>(isr);
        if (proposed != null) {
            counted.addAll(proposed);
        }
        counted.addAll(joining);
        return counted;
    }

    /**
     * The in-sync set to propose now, if it should change and no proposal is pending: followers
     * that have not caught up within {@code maxLagMs} leave, followers whose copy reaches
     * {@code highWatermark} and this epoch's start join (never the leader's own entry). The proposal is pending until
     * {@link #applyStored} or {@link #proposalFailed}.
     */
    synchronized Optional<List<String>> proposeIsr(long nowMs, long maxLagMs, long highWatermark) {
        if (proposed != null) {
            return Optional.empty();
        }
        List<String> next = new ArrayList<>();
        for (String replica : replicas) {
            if (replica.equals(leaderId)) {
                next.add(replica);
                continue;
            }
            FollowerProgress progress = followers.get(replica);
            boolean lagging = nowMs - progress.lastCaughtUpMs > maxLagMs;
            boolean reaches = progress.logEndOffset >= Math.max(highWatermark, epochStartOffset);
            if (isr.contains(replica) ? !lagging : !lagging && reaches) {
                next.add(replica);
            } else if (!isr.contains(replica) && !lagging && progress.caughtUpAtLastFetch
                    && progress.logEndOffset >= epochStartOffset) {
                joining.add(replica);
            } else {
                joining.remove(replica);
            }
        }
        if (new LinkedHashSet<>(next).equals(new LinkedHashSet<>(isr))) {
            return Optional.empty();
        }
        proposed = List.copyOf(next);
        return Optional.of(proposed);
    }

    /**
     * The controller's copy of this partition at this epoch (after a proposal, or a change of its
     * own): its in-sync set, and its replicas, which a move changes without a new leader epoch.
     * When the replica list changed (a new partition epoch), what this leader knew of the followers
     * outside the in-sync set is forgotten: one of them may have been removed and added back with an
     * empty log meanwhile, so only its next fetch says where its copy stands. Followers it adds start
     * with a whole lag interval from {@code nowMs}.
     */
    synchronized void applyStored(PartitionMetadata stored, long nowMs) {
        if (stored.leaderEpoch() != leaderEpoch) {
            return;
        }
        isr = stored.isr();
        proposed = null;
        if (stored.partitionEpoch() != partitionEpoch) {
            partitionEpoch = stored.partitionEpoch();
            replicas = stored.replicas();
            followers.keySet().retainAll(replicas);
            followers.keySet().removeIf(r -> !isr.contains(r));
            joining.clear();
            addFollowers(nowMs);
        }
        joining.removeIf(r -> isr.contains(r) || !replicas.contains(r));
    }

    /** The partition epoch of the replica list this leader works from (its proposals carry it). */
    synchronized int partitionEpoch() {
        return partitionEpoch;
    }

    public synchronized List<String> replicas() {
        return replicas;
    }

    synchronized void proposalFailed() {
        proposed = null;
    }

    /** How far each follower lags the leader's durable end, in records (unknown followers count as at 0). */
    synchronized Map<String, Long> lagByFollower(long leaderEnd) {
        Map<String, Long> lag = new HashMap<>();
        followers.forEach((id, p) -> lag.put(id, leaderEnd - Math.max(0, p.logEndOffset)));
        return lag;
    }
}
