package dev.rustmq.node;

import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.common.Time;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.replication.ReplicaFetchService;
import dev.rustmq.replication.ReplicaFetcher;
import dev.rustmq.replication.ReplicaFetchers;
import dev.rustmq.replication.ReplicaManager;
import dev.rustmq.rpc.ReplicaFetchClient;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.transport.InterNodeDispatcher;
import dev.rustmq.transport.TcpServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A broker's replication (docs/replication.md): the {@link ReplicaManager}, kept in line with the
 * controller's placement every {@link #REFRESH_MS}, its followers' fetcher threads, and the
 * inter-broker port ({@code [network] rpc_listen}) where its own followers fetch. A broker alone
 * (a combined node that serves no other broker) opens no port: its partitions have one replica.
 */
final class ReplicationServices {
    private static final Logger LOG = Logger.getLogger(ReplicationServices.class.getName());

    /** How often the broker reads the placement: a leadership change reaches it within this. */
    static final long REFRESH_MS = 250;
    /** How long a follower's fetch may wait at the leader for new data. */
    static final int FETCH_MAX_WAIT_MS = 500;
    static final int FETCH_MAX_BYTES = 4 << 20;
    private static final int MAX_FOLLOWER_CONNECTIONS = 10_000;

    private final RustMqConfig config;
    private final StorageMetadata metadata;
    private final ControllerOperations operations;
    private final ReplicaManager replicas;
    private final ReplicaFetchers fetchers;
    private final TcpServer listener;
    private final PlacementSnapshot snapshot;
    /** Each broker's registered RPC address, as last read with the placement; the fetchers look leaders up here. */
    private final AtomicReference<Map<String, String>> rpcEndpoints;

    private ReplicationServices(RustMqConfig config, StorageMetadata metadata, ControllerOperations operations,
                                ReplicaManager replicas, ReplicaFetchers fetchers, TcpServer listener,
                                AtomicReference<Map<String, String>> rpcEndpoints) {
        this.rpcEndpoints = rpcEndpoints;
        this.config = config;
        this.metadata = metadata;
        this.operations = operations;
        this.replicas = replicas;
        this.fetchers = fetchers;
        this.listener = listener;
        this.snapshot = new PlacementSnapshot(metadata);
    }

    /**
     * Creates the replica manager and gives every log its role from the placement now (before
     * tiering starts or clients connect), then opens the inter-broker port when other brokers may
     * follow this one.
     */
    static ReplicationServices open(RustMqConfig config, Time time, StorageMetadata metadata,
                                    ControllerOperations operations, LogManager logs,
                                    ScheduledExecutorService scheduler, Closer closer) {
        ReplicaManager replicas = new ReplicaManager(config.broker().id(), logs, metadata,
                config.replication().maxReplicationLag(), time);
        AtomicReference<Map<String, String>> rpcEndpoints = new AtomicReference<>(Map.of());
        ReplicaFetchers fetchers = closer.register("replica fetchers", new ReplicaFetchers(replicas,
                leader -> new ReplicaFetcher(replicas, leader, new ReplicaFetchClient(leader,
                        id -> Optional.ofNullable(rpcEndpoints.get().get(id))), FETCH_MAX_BYTES, FETCH_MAX_WAIT_MS,
                        config.controller().electionTimeoutMs()), time));
        TcpServer listener = null;
        if (hasFollowers(config)) {
            ReplicaFetchService service = new ReplicaFetchService(replicas, logs, scheduler, time);
            listener = closer.register("inter-broker listener", new TcpServer(config.network().rpcListen(),
                    InterNodeDispatcher.replicaFetch(new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES), service::fetch,
                            scheduler),
                    MAX_FOLLOWER_CONNECTIONS, config.controller().electionTimeoutMs() * 3,
                    TcpServer.DEFAULT_MAX_IN_FLIGHT, 1, DataPlaneObserver.NOOP));
            listener.start();
        }
        ReplicationServices services = new ReplicationServices(config, metadata, operations, replicas, fetchers,
                listener, rpcEndpoints);
        services.refresh();
        return services;
    }

    /**
     * Whether other brokers may follow this one: a broker-role node, or a combined node whose
     * controller serves other brokers (docs/cluster.md).
     */
    static boolean hasFollowers(RustMqConfig config) {
        return config.role() == Role.BROKER || RustMqNode.servesBrokers(config);
    }

    /** Reads the placement every {@link #REFRESH_MS} and proposes in-sync changes, until {@code closer} closes. */
    void start(Time time, ScheduledExecutorService scheduler, Closer closer) {
        var refreshes = time.scheduleWithFixedDelay(scheduler, this::refresh, REFRESH_MS, REFRESH_MS,
                TimeUnit.MILLISECONDS);
        closer.register("placement refresh", () -> refreshes.cancel(false));
        long isrInterval = Math.max(50, Math.min(REFRESH_MS, config.replication().maxReplicationLag() / 2));
        var isrChecks = time.scheduleWithFixedDelay(scheduler, this::checkIsr, isrInterval, isrInterval,
                TimeUnit.MILLISECONDS);
        closer.register("in-sync checks", () -> isrChecks.cancel(false));
    }

    private void refresh() {
        try {
            List<PartitionMetadata> placement = new ArrayList<>();
            List<TopicMetadata> topics = metadata.topics();
            Map<String, List<PartitionMetadata>> byTopic = new HashMap<>();
            for (TopicMetadata topic : topics) {
                List<PartitionMetadata> partitions = metadata.partitions(topic.name());
                byTopic.put(topic.name(), partitions);
                placement.addAll(partitions);
            }
            snapshot.update(topics, byTopic);
            Map<String, String> endpoints = new HashMap<>();
            for (BrokerMetadata b : operations.brokers()) {
                endpoints.put(b.id(), b.rpcEndpoint());
            }
            rpcEndpoints.set(endpoints);
            replicas.apply(placement);
            fetchers.sync();
        } catch (RuntimeException e) {
            // The controller may be between leaders; the next refresh tries again.
            LOG.log(Level.FINE, "cannot read the placement: " + e.getMessage(), e);
        }
    }

    private void checkIsr() {
        try {
            replicas.checkIsr();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "in-sync check failed: " + e.getMessage(), e);
        }
    }

    ReplicaManager replicas() {
        return replicas;
    }

    /** The placement as last read, for a broker-role node's data path. */
    PlacementSnapshot snapshot() {
        return snapshot;
    }

    Optional<InetSocketAddress> address() {
        return listener == null ? Optional.empty() : listener.boundAddress();
    }

    /** Whether this broker opened the inter-broker port (other brokers may follow it). */
    boolean opensPort() {
        return listener != null;
    }

    /** Readiness of the inter-broker port (only when {@link #opensPort}). */
    CheckResult check() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("rpc_listen", config.network().rpcListen().toString());
        listener.bindFailure().ifPresent(e -> data.put("error", String.valueOf(e.getMessage())));
        listener.boundAddress().ifPresent(a -> data.put("rpc_bound", a.getHostString() + ":" + a.getPort()));
        data.put("follower_connections", Integer.toString(listener.connectionCount()));
        data.put("leaders_followed", replicas.leadersFollowed().toString());
        return new CheckResult("inter-broker", listener.isListening(), data);
    }
}
