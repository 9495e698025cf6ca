package dev.rustmq.node;

import dev.rustmq.broker.FetchHandler;
import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.broker.ProduceHandler;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ConfigException;
import dev.rustmq.config.ObjectStorageConfig;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.InfinispanMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.RemoteLog;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.object.ObjectStoreFactory;
import dev.rustmq.storage.tier.TierOptions;
import dev.rustmq.storage.tier.TieredStorage;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import dev.rustmq.transport.QuicServer;
import dev.rustmq.transport.RequestDispatcher;
import dev.rustmq.transport.TcpServer;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One RustMQ process, wired from its configuration by constructors: data folders, the controller
 * metadata store and topic manager, and this broker's registration and heartbeats. The Liberty
 * {@code app} layer creates it at start-up and closes it at shutdown; tests create it directly.
 */
public final class RustMqNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RustMqNode.class.getName());

    /** Opens the object store of {@code [object_storage]} for the production start-up paths. */
    static final Function<ObjectStorageConfig, ObjectStore> DEFAULT_OBJECT_STORES = ObjectStoreFactory::open;

    private final RustMqConfig config;
    private final Time time;
    private final long startedNanos;
    private final List<DataDirectory> dataDirectories;
    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final TopicManager topics;
    private final Function<ObjectStorageConfig, ObjectStore> objectStores;
    private volatile ObjectStore objectStore;
    private volatile TieredStorage tier;
    private volatile LogManager logs;
    private volatile ScheduledFuture<?> heartbeats;
    private volatile long lastHeartbeatMs;
    private volatile PartitionResolver resolver;
    private volatile TcpServer tcp;
    private volatile QuicServer quic;

    private RustMqNode(RustMqConfig config, Time time, List<DataDirectory> dataDirectories, MetadataStore store,
                       Function<ObjectStorageConfig, ObjectStore> objectStores) {
        this.objectStores = objectStores;
        this.config = config;
        this.time = time;
        this.startedNanos = time.nanoseconds();
        this.dataDirectories = dataDirectories;
        this.store = store;
        this.brokers = new BrokerRegistry(store, time, config.controller().electionTimeoutMs());
        this.topics = new TopicManager(store, brokers, time, new SecureRandom());
    }

    /**
     * Starts a node with the embedded Infinispan metadata store.
     *
     * @throws ConfigException when the configuration cannot be used (named key)
     */
    public static RustMqNode start(RustMqConfig config, Time time, ScheduledExecutorService scheduler) {
        return start(config, time, scheduler, DataPlaneObserver.NOOP);
    }

    /**
     * Starts a node with the embedded Infinispan metadata store, reporting produce, fetch and
     * connection events to {@code observer} (the app layer's metrics).
     */
    public static RustMqNode start(RustMqConfig config, Time time, ScheduledExecutorService scheduler,
                                   DataPlaneObserver observer) {
        return start(config, time, scheduler, c -> InfinispanMetadataStore.open(c.metastore().path()), observer);
    }

    /** Starts a node on a given metadata store (tests use the in-memory one). */
    public static RustMqNode start(RustMqConfig config, Time time, ScheduledExecutorService scheduler,
                                   Function<RustMqConfig, MetadataStore> storeFactory) {
        return start(config, time, scheduler, storeFactory, DataPlaneObserver.NOOP);
    }

    /** Starts a node on a given metadata store, reporting data-plane events to {@code observer}. */
    public static RustMqNode start(RustMqConfig config, Time time, ScheduledExecutorService scheduler,
                                   Function<RustMqConfig, MetadataStore> storeFactory, DataPlaneObserver observer) {
        return start(config, time, scheduler, storeFactory, DEFAULT_OBJECT_STORES, observer);
    }

    /**
     * Starts a node on a given metadata store and object store ({@code objectStores} opens it from
     * {@code [object_storage]}; null: no tiering, the WAL keeps everything). Tests pass an
     * in-memory store that outlives the node, to restart a broker whose disk was wiped.
     */
    public static RustMqNode start(RustMqConfig config, Time time, ScheduledExecutorService scheduler,
                                   Function<RustMqConfig, MetadataStore> storeFactory,
                                   Function<ObjectStorageConfig, ObjectStore> objectStores,
                                   DataPlaneObserver observer) {
        if (config.role() == Role.BROKER) {
            throw new ConfigException("Invalid value for rustmq.role: \"broker\" needs a remote controller, and the "
                    + "broker-to-controller RPC (port 9094) is not part of this build yet; run rustmq.role=combined "
                    + "(one process is broker and controller) or rustmq.role=controller");
        }
        List<DataDirectory> dirs = dataDirectories(config);
        dirs.forEach(DataDirectory::prepare);
        MetadataStore store = storeFactory.apply(config);
        RustMqNode node = new RustMqNode(config, time, dirs, store, objectStores);
        try {
            node.openStorage(observer);
            node.startBroker(scheduler);
            node.startTransport(scheduler, observer);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.info(() -> "RustMQ " + Version.get() + " started as " + config.role() + " node, cluster "
                + store.clusterId() + ", data in " + config.dataDir());
        return node;
    }

    private static List<DataDirectory> dataDirectories(RustMqConfig config) {
        List<DataDirectory> dirs = new ArrayList<>();
        if (config.role().runsBroker()) {
            dirs.add(new DataDirectory("[wal] path", config.wal().path()));
            if (config.objectStorage().type().equals("Local")) {
                dirs.add(new DataDirectory("[object_storage] path", config.objectStorage().path()));
            }
        }
        if (config.role().runsController()) {
            dirs.add(new DataDirectory("[metastore] path", config.metastore().path()));
        }
        return dirs;
    }

    /**
     * The broker's WAL, partition logs and tiered storage: each partition starts from its manifest
     * (what object storage holds) and continues with what the WAL replays.
     */
    private void openStorage(DataPlaneObserver observer) {
        if (!config.role().runsBroker()) {
            return;
        }
        WriteCache writeCache = new WriteCache(config.cache().writeCacheSizeBytes());
        ReadCache readCache = new ReadCache(config.cache().readCacheSizeBytes());
        RemoteLog remote = RemoteLog.NONE;
        if (objectStores != null) {
            objectStore = objectStores.apply(config.objectStorage());
            tier = new TieredStorage(objectStore, store, writeCache, readCache, TierOptions.from(config),
                    config.objectStorage().retentionCheckIntervalMs(), time, observer);
            remote = tier;
        } else {
            LOG.warning("no object store in this build: tiered storage is off and the WAL is never trimmed");
        }
        logs = LogManager.open(new FileWriteAheadLog(WalOptions.from(config.wal()), time), writeCache, readCache,
                remote, config.replication().ackTimeoutMs(), time);
        if (tier != null) {
            tier.start(logs);
        }
    }

    private void startBroker(ScheduledExecutorService scheduler) {
        if (!config.role().runsBroker()) {
            return;
        }
        brokers.register(config.broker().id(), config.broker().rackId(), config.network().quicListen().toString(),
                config.network().rpcListen().toString());
        lastHeartbeatMs = time.milliseconds();
        long interval = config.controller().heartbeatIntervalMs();
        heartbeats = time.scheduleWithFixedDelay(scheduler, this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** How long the produce/fetch paths may use cached topic metadata. */
    static final long PARTITION_METADATA_TTL_MS = 1_000;

    /**
     * The client data port over TCP on {@code [network] quic_listen}'s host and port. Binds in the
     * background: start-up does not wait, and the {@code network} readiness check reports it.
     */
    private void startTransport(ScheduledExecutorService scheduler, DataPlaneObserver observer) {
        if (!config.role().runsBroker()) {
            return;
        }
        resolver = new PartitionResolver(store, config.broker().id(), time, PARTITION_METADATA_TTL_MS);
        ProduceHandler produce = new ProduceHandler(resolver, logs, config.replication(),
                config.network().maxMessageBytes(), time, observer);
        TieredStorage t = tier;
        FetchHandler fetch = new FetchHandler(resolver, logs, scheduler, time, observer,
                t != null ? t.coldReadExecutor() : scheduler);
        String controllerId = config.role().runsController() ? config.broker().id() : null;
        RequestDispatcher dispatcher = new RequestDispatcher(new FrameEncoder(config.network().maxFrameBytes()),
                produce, fetch, resolver, logs, store, topics, brokers, this::deleteTopic, () -> controllerId,
                scheduler);
        tcp = new TcpServer(config.network().quicListen(), dispatcher, config.network().maxConnections(),
                config.network().connectionTimeoutMs(), observer);
        tcp.start();
        quic = new QuicServer(config.network().quicListen(), dispatcher, config.network().maxConnections(),
                config.network().connectionTimeoutMs(), config.network().tlsCertPath(), config.network().tlsKeyPath(),
                observer);
        quic.start();
    }

    /** The QUIC (UDP) listener's address once bound; empty before, on a controller-only node, or on failure. */
    public Optional<InetSocketAddress> quicAddress() {
        QuicServer q = quic;
        return q == null ? Optional.empty() : q.boundAddress();
    }

    /** The TCP listener's address once bound; empty before, on a controller-only node, or if binding failed. */
    public Optional<InetSocketAddress> tcpAddress() {
        TcpServer t = tcp;
        return t == null ? Optional.empty() : t.boundAddress();
    }

    private void heartbeat() {
        try {
            if (!brokers.heartbeat(config.broker().id())) {
                brokers.register(config.broker().id(), config.broker().rackId(),
                        config.network().quicListen().toString(), config.network().rpcListen().toString());
            }
            lastHeartbeatMs = time.milliseconds();
        } catch (RuntimeException e) {
            // Keep the schedule alive; liveness turns DOWN if heartbeats keep failing.
            LOG.log(Level.WARNING, "broker heartbeat failed: " + e.getMessage(), e);
        }
    }

    public RustMqConfig config() {
        return config;
    }

    public TopicManager topics() {
        return topics;
    }

    public BrokerRegistry brokers() {
        return brokers;
    }

    public MetadataStore metadataStore() {
        return store;
    }

    /** The broker's tiered storage; absent on a controller-only node or without an object store. */
    public Optional<TieredStorage> tieredStorage() {
        return Optional.ofNullable(tier);
    }

    /** The broker's partition logs; absent on a controller-only node. */
    public java.util.Optional<LogManager> logs() {
        return java.util.Optional.ofNullable(logs);
    }

    /** Creates a topic; produce and fetch see it at once (their metadata cache is refreshed). */
    public TopicDescription createTopic(dev.rustmq.controller.TopicSpec spec) {
        TopicDescription created = topics.create(spec);
        invalidatePartitionCache(spec.name());
        return created;
    }

    /** Changes a topic; produce and fetch see the change at once. */
    public TopicDescription updateTopic(String name, dev.rustmq.controller.TopicUpdate update) {
        TopicDescription updated = topics.update(name, update);
        invalidatePartitionCache(name);
        return updated;
    }

    private void invalidatePartitionCache(String topic) {
        PartitionResolver r = resolver;
        if (r != null) {
            r.invalidate(topic);
        }
    }

    /** Deletes a topic's metadata, then the data this broker holds for its partitions. */
    public void deleteTopic(String name) {
        TopicDescription topic = topics.describe(name);
        topics.delete(name);
        invalidatePartitionCache(name);
        LogManager l = logs;
        if (l != null) {
            for (int p = 0; p < topic.topic().partitionCount(); p++) {
                l.deletePartition(new TopicPartition(name, p));
            }
        }
        TieredStorage t = tier;
        if (t != null) {
            t.topicDeleted(name);
        }
    }

    /** Readiness: the WAL still accepts writes. */
    public CheckResult checkStorage() {
        LogManager l = logs;
        if (l == null) {
            return new CheckResult("storage", true, Map.of("role", config.role().toString()));
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("wal_size_bytes", Long.toString(l.wal().sizeBytes()));
        data.put("wal_capacity_bytes", Long.toString(l.wal().capacityBytes()));
        data.put("partitions", Integer.toString(l.partitionCount()));
        TieredStorage t = tier;
        ObjectStore o = objectStore;
        data.put("object_storage", o == null ? "none (tiering off)" : o.describe());
        if (t != null) {
            data.put("segments_uploaded", Long.toString(t.stats().committedSegments()));
            data.put("upload_lag_bytes", Long.toString(t.uploadLagBytes()));
            data.put("upload_lag_seconds", String.format(java.util.Locale.ROOT, "%.1f", t.uploadLagSeconds()));
            data.put("object_storage_upload_rate", String.format(java.util.Locale.ROOT, "%.0f",
                    t.stats().uploadBytesPerSecond()));
        }
        return new CheckResult("storage", l.wal().isHealthy(), data);
    }

    public long walSizeBytes() {
        LogManager l = logs;
        return l == null ? 0 : l.wal().sizeBytes();
    }

    /** Bytes per second stored in object storage over the last minute; 0 without tiering. */
    public double uploadBytesPerSecond() {
        TieredStorage t = tier;
        return t == null ? 0.0 : t.stats().uploadBytesPerSecond();
    }

    /** Bytes in this broker's partition logs not yet in a manifest; 0 without tiering. */
    public long uploadLagBytes() {
        TieredStorage t = tier;
        return t == null ? 0 : t.uploadLagBytes();
    }

    /** Seconds the oldest data not yet in a manifest has waited; 0 without tiering or when none waits. */
    public double uploadLagSeconds() {
        TieredStorage t = tier;
        return t == null ? 0.0 : t.uploadLagSeconds();
    }

    /**
     * A partition's log bounds and upload progress ({@link PartitionDetails}): from this broker's log
     * and manifest cache, or from the metadata store's manifest when this node holds no log of it.
     */
    public PartitionDetails partitionDetails(TopicPartition tp) {
        LogManager l = logs;
        TieredStorage t = tier;
        Optional<dev.rustmq.storage.log.PartitionLog> log = l == null ? Optional.empty() : l.partition(tp);
        Optional<dev.rustmq.metadata.PartitionManifest> manifest = t != null
                ? t.manifest(tp) : store.manifest(tp.topic(), tp.partition());
        return PartitionDetails.of(log, manifest);
    }

    public double cacheHitRatio() {
        LogManager l = logs;
        return l == null ? 0.0 : l.cacheHitRatio();
    }

    public long uptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(time.nanoseconds() - startedNanos);
    }

    /** Readiness: the broker's TCP and QUIC listeners are bound (always up on a controller-only node). */
    public CheckResult checkNetwork() {
        TcpServer t = tcp;
        QuicServer q = quic;
        if (t == null || q == null) {
            return new CheckResult("network", true, Map.of("role", config.role().toString()));
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tcp_listen", config.network().quicListen().toString());
        t.bindFailure().ifPresent(e -> data.put("error", String.valueOf(e.getMessage())));
        t.boundAddress().ifPresent(a -> data.put("tcp_bound", a.getHostString() + ":" + a.getPort()));
        data.put("connections", Integer.toString(t.connectionCount()));
        data.put("io", t.usesEpoll() ? "epoll" : "nio");
        data.put("quic_listen", "udp " + config.network().quicListen());
        q.bindFailure().ifPresent(e -> data.put("quic_error", String.valueOf(e.getMessage())));
        q.boundAddress().ifPresent(a -> data.put("quic_bound", a.getHostString() + ":" + a.getPort()));
        data.put("quic_connections", Integer.toString(q.connectionCount()));
        data.put("quic_certificate", q.usesSelfSignedCertificate() ? "self-signed"
                : String.valueOf(config.network().tlsCertPath()));
        return new CheckResult("network", t.isListening() && q.isListening(), data);
    }

    /** Readiness: the metadata store answers. */
    public CheckResult checkMetadataStore() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("path", config.metastore().path().toString());
        boolean up;
        try {
            up = store.isAvailable();
            if (up) {
                data.put("cluster_id", store.clusterId());
            }
        } catch (RuntimeException e) {
            up = false;
            data.put("error", String.valueOf(e.getMessage()));
        }
        return new CheckResult("metadata-store", up, data);
    }

    /** Readiness: every data folder still takes a synced write. */
    public CheckResult checkDataDirectories() {
        Map<String, String> data = new LinkedHashMap<>();
        boolean up = true;
        for (DataDirectory dir : dataDirectories) {
            String problem = dir.probe();
            data.put(dir.key(), problem == null ? dir.path().toString() : dir.path() + ": " + problem);
            up &= problem == null;
        }
        return new CheckResult("data-directories", up, data);
    }

    /** Liveness: the broker's heartbeat loop still runs and succeeds within the session timeout. */
    public CheckResult checkHeartbeats() {
        Map<String, String> data = new LinkedHashMap<>();
        if (!config.role().runsBroker()) {
            return new CheckResult("broker-heartbeat", true, Map.of("role", config.role().toString()));
        }
        long age = time.milliseconds() - lastHeartbeatMs;
        data.put("last_heartbeat_age_ms", Long.toString(age));
        boolean scheduled = heartbeats != null && !heartbeats.isDone();
        data.put("scheduled", Boolean.toString(scheduled));
        return new CheckResult("broker-heartbeat", scheduled && age < brokers.sessionTimeoutMs(), data);
    }

    public int topicCount() {
        return topics.list().size();
    }

    public int partitionCount() {
        return topics.list().stream().mapToInt(TopicMetadata::partitionCount).sum();
    }

    public int brokerCount() {
        return brokers.brokers().size();
    }

    public int liveBrokerCount() {
        return (int) brokers.brokers().stream().filter(brokers::isLive).count();
    }

    public boolean isLive(BrokerMetadata broker) {
        return brokers.isLive(broker);
    }

    @Override
    public void close() {
        QuicServer q = quic;
        if (q != null) {
            try {
                q.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping the QUIC transport failed: " + e.getMessage(), e);
            }
        }
        TcpServer t = tcp;
        if (t != null) {
            try {
                t.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping the TCP transport failed: " + e.getMessage(), e);
            }
        }
        ScheduledFuture<?> h = heartbeats;
        if (h != null) {
            h.cancel(false);
        }
        TieredStorage tiered = tier;
        if (tiered != null) {
            tiered.close();
        }
        LogManager l = logs;
        if (l != null) {
            l.close();
        }
        ObjectStore o = objectStore;
        if (o != null) {
            try {
                o.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the object store failed: " + e.getMessage(), e);
            }
        }
        store.close();
        LOG.info("RustMQ node stopped");
    }
}
