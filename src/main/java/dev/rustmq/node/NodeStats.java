package dev.rustmq.node;

import dev.rustmq.common.Time;
import dev.rustmq.metadata.PartitionHealth;
import dev.rustmq.replication.ReplicaManager;
import java.util.concurrent.TimeUnit;

/**
 * The node's figures, as its metrics and the cluster API read them: storage gauges (zero on a
 * node that runs no broker, or without tiering) and the cluster's counts from the controller.
 */
public final class NodeStats {
    private final Time time;
    private final long startedNanos;
    private final ClusterView controller;
    private final StorageServices storage;
    private final ReplicaManager replicas;

    /** {@code storage} and {@code replicas} are null on a node that runs no broker. */
    NodeStats(Time time, long startedNanos, ClusterView controller, StorageServices storage, ReplicaManager replicas) {
        this.time = time;
        this.startedNanos = startedNanos;
        this.controller = controller;
        this.storage = storage;
        this.replicas = replicas;
    }

    /** The largest lag, in records, of a follower of a partition this broker leads (the seed's {@code replication_lag}). */
    public long replicationLag() {
        return replicas == null ? 0 : replicas.maxReplicationLag();
    }

    /** In-sync sets this broker shrank as a leader, since it started. */
    public long isrShrinks() {
        return replicas == null ? 0 : replicas.stats().isrShrinks();
    }

    /** In-sync sets this broker grew as a leader, since it started. */
    public long isrExpands() {
        return replicas == null ? 0 : replicas.stats().isrExpands();
    }

    /** Times this broker cut a diverged tail of a partition it follows, since it started. */
    public long replicaTruncations() {
        return replicas == null ? 0 : replicas.stats().truncations();
    }

    public long walSizeBytes() {
        return storage == null ? 0 : storage.walSizeBytes();
    }

    /** Bytes per second stored in object storage over the last minute. */
    public double uploadBytesPerSecond() {
        return storage == null ? 0.0 : storage.uploadBytesPerSecond();
    }

    /** Bytes in this broker's partition logs not yet in a manifest. */
    public long uploadLagBytes() {
        return storage == null ? 0 : storage.uploadLagBytes();
    }

    /** Seconds the oldest data not yet in a manifest has waited; 0 when none waits. */
    public double uploadLagSeconds() {
        return storage == null ? 0.0 : storage.uploadLagSeconds();
    }

    public double cacheHitRatio() {
        return storage == null ? 0.0 : storage.cacheHitRatio();
    }

    /** Whole seconds since the node started, on the monotonic clock. */
    public long uptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(time.nanoseconds() - startedNanos);
    }

    public int topicCount() {
        return controller.topicCount();
    }

    public int partitionCount() {
        return controller.partitionCount();
    }

    public int brokerCount() {
        return controller.brokerCount();
    }

    public int liveBrokerCount() {
        return controller.liveBrokerCount();
    }

    /** Offline, under-replicated and in-sync counts over every partition of the cluster. */
    public PartitionHealth partitionHealth() {
        return controller.partitionHealth();
    }

    /** True when this node runs the active controller. */
    public boolean isActiveController() {
        return controller.isActiveController();
    }

    /** Leader changes (offline partitions included) this node's controller made while active. */
    public long leaderElections() {
        return controller.leaderElections();
    }

    /** Partition moves this node's controller completed while active. */
    public long partitionMoves() {
        return controller.partitionMoves();
    }

    /** Moves this node's auto-balancer planned while its controller was active. */
    public long autobalancerMoves() {
        return controller.autobalancerMoves();
    }
}
