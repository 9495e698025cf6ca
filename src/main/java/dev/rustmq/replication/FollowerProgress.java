package dev.rustmq.replication;

/**
 * How far one follower's copy of a partition reaches, as its leader sees it from the follower's
 * fetches. A follower is <em>caught up</em> at a fetch that reaches the leader's durable end, or
 * that reaches where the leader's log ended at its previous fetch (under steady production a
 * follower never equals the moving end; Kafka's rule). Guarded by its {@link LeaderPartition}.
 */
final class FollowerProgress {
    /** The end of the follower's durable copy; -1 until its first fetch to this leader. */
    long logEndOffset = -1;
    long lastCaughtUpMs;
    /** Whether its last fetch reached the leader's end (then, or as of the fetch before). */
    boolean caughtUpAtLastFetch;
    private long lastFetchMs;
    private long leaderEndAtLastFetch = -1;

    FollowerProgress(long sinceMs) {
        // A follower gets a whole lag interval from when this leader took over before it counts as behind.
        this.lastCaughtUpMs = sinceMs;
        this.lastFetchMs = sinceMs;
    }

    void onFetch(long fetchOffset, long leaderEnd, long nowMs) {
        caughtUpAtLastFetch = false;
        if (fetchOffset >= leaderEnd) {
            lastCaughtUpMs = nowMs;
            caughtUpAtLastFetch = true;
        } else if (leaderEndAtLastFetch >= 0 && fetchOffset >= leaderEndAtLastFetch) {
            lastCaughtUpMs = Math.max(lastCaughtUpMs, lastFetchMs);
            caughtUpAtLastFetch = true;
        }
        logEndOffset = fetchOffset;
        leaderEndAtLastFetch = leaderEnd;
        lastFetchMs = nowMs;
    }
}
