package dev.rustmq.replication;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a broker's replication, for metrics (docs/replication.md, "Metrics"). */
public final class ReplicationStats {
    final AtomicLong isrShrinks = new AtomicLong();
    final AtomicLong isrExpands = new AtomicLong();
    final AtomicLong truncations = new AtomicLong();

    public long isrShrinks() {
        return isrShrinks.get();
    }

    public long isrExpands() {
        return isrExpands.get();
    }

    /** Times a follower cut its log back to a new leader's (diverged tails, KIP-101). */
    public long truncations() {
        return truncations.get();
    }
}
