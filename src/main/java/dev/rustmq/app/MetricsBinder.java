package dev.rustmq.app;

import dev.rustmq.node.RustMqNode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * Registers the node's gauges with MicroProfile Metrics (application scope), scraped by
 * Prometheus at {@code /metrics}. Names follow the seed's snake_case style.
 */
@ApplicationScoped
public class MetricsBinder {
    @Inject
    MetricRegistry registry;

    @Inject
    NodeLifecycle lifecycle;

    void bind(@Observes @Priority(NodeLifecycle.START_PRIORITY + 100) Startup event) {
        gauge("topic_count", "Topics in the cluster", n -> n.stats().topicCount());
        gauge("partition_count", "Partitions of all topics in the cluster", n -> n.stats().partitionCount());
        gauge("broker_count", "Registered brokers", n -> n.stats().brokerCount());
        gauge("brokers_live", "Brokers whose heartbeat is within the session timeout",
                n -> n.stats().liveBrokerCount());
        gauge("offline_partitions", "Partitions with no leader: none of their in-sync replicas is live",
                n -> n.stats().partitionHealth().offline());
        gauge("under_replicated_partitions", "Partitions with fewer in-sync replicas than replicas",
                n -> n.stats().partitionHealth().underReplicated());
        gauge("in_sync_replicas_count", "In-sync replicas over every partition of the cluster",
                n -> n.stats().partitionHealth().inSyncReplicas());
        gauge("active_controller", "1 on the node running the active controller, else 0",
                n -> n.stats().isActiveController() ? 1 : 0);
        registry.gauge(Metadata.builder().withName("leader_elections").withUnit(MetricUnits.NONE)
                .withDescription("Leader changes (offline partitions included) this node's controller made while "
                        + "active, since it started").build(),
                lifecycle, l -> l.isStarted() ? l.node().stats().leaderElections() : 0L);
        longGauge("partition_moves", "Partition moves (reassignments, rebalances, drains) this node's controller "
                + "completed while active, since it started", n -> n.stats().partitionMoves());
        longGauge("autobalancer_moves", "Partition moves the auto-balancer planned while this node's controller was "
                + "active, since it started", n -> n.stats().autobalancerMoves());
        longGauge("replication_lag", "The largest lag, in records, of a follower of a partition this broker leads",
                n -> n.stats().replicationLag());
        longGauge("isr_shrinks", "In-sync sets this broker shrank as a leader (a follower fell behind "
                + "max_replication_lag), since it started", n -> n.stats().isrShrinks());
        longGauge("isr_expands", "In-sync sets this broker grew as a leader (a follower caught up), since it started",
                n -> n.stats().isrExpands());
        longGauge("replica_truncations", "Times this broker cut back a diverged copy of a partition it follows "
                + "to a new leader's log, since it started", n -> n.stats().replicaTruncations());
        registry.gauge(Metadata.builder().withName("wal_size_bytes").withUnit(MetricUnits.NONE)
                .withDescription("Bytes in the broker's WAL not yet released to object storage").build(),
                lifecycle, l -> l.isStarted() ? l.node().stats().walSizeBytes() : 0L);
        registry.gauge(Metadata.builder().withName("cache_hit_ratio").withUnit(MetricUnits.NONE)
                .withDescription("Fetched batches served from the write or read cache, over all fetched batches")
                .build(), lifecycle, l -> l.isStarted() ? l.node().stats().cacheHitRatio() : 0.0);
        doubleGauge("object_storage_upload_rate", "Bytes per second stored in object storage over the last minute",
                n -> n.stats().uploadBytesPerSecond());
        registry.gauge(Metadata.builder().withName("upload_lag_bytes").withUnit(MetricUnits.NONE)
                .withDescription("Bytes in this broker's partition logs not yet in object storage").build(),
                lifecycle, l -> l.isStarted() ? l.node().stats().uploadLagBytes() : 0L);
        doubleGauge("upload_lag_seconds", "Seconds the oldest data not yet in object storage has waited since it "
                + "became durable", n -> n.stats().uploadLagSeconds());
        registry.gauge(Metadata.builder().withName("uptime").withUnit(MetricUnits.SECONDS)
                .withDescription("Seconds since this RustMQ node started").build(),
                lifecycle, l -> l.isStarted() ? l.node().stats().uptimeSeconds() : 0L);
    }

    /** A gauge under exactly {@code name}: unit NONE, so Liberty adds no suffix. */
    private void doubleGauge(String name, String description, ToDoubleFunction<RustMqNode> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NONE)
                .build(), lifecycle, l -> l.isStarted() ? value.applyAsDouble(l.node()) : 0.0);
    }

    private void longGauge(String name, String description, ToLongFunction<RustMqNode> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NONE)
                .build(), lifecycle, l -> l.isStarted() ? value.applyAsLong(l.node()) : 0L);
    }

    private void gauge(String name, String description, ToIntFunction<RustMqNode> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NONE)
                .build(), lifecycle, l -> l.isStarted() ? value.applyAsInt(l.node()) : 0);
    }
}
