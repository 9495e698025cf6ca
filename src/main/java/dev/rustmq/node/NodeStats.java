package dev.rustmq.node;

import dev.rustmq.common.Time;
import dev.rustmq.metadata.PartitionHealth;
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

    /** {@code storage} is null on a node that runs no broker. */
    NodeStats(Time time, long startedNanos, ClusterView controller, StorageServices storage) {
        this.time = time;
        this.startedNanos = startedNanos;
        this.controller = controller;
        this.storage = storage;
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
}
