package dev.rustmq.node;

import dev.rustmq.admin.AdminOperations;
import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.config.Role;
import dev.rustmq.metadata.BrokerRegistration;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.rpc.ControllerRpcClient;
import dev.rustmq.rpc.RemoteController;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ConfigException;
import dev.rustmq.config.ObjectStorageConfig;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.InfinispanMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.replication.ReplicaManager;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.object.ObjectStoreFactory;
import dev.rustmq.storage.tier.TieredStorage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One RustMQ process, assembled by role from its configuration: the controller
 * ({@link ControllerServices}) and, on a broker, its storage ({@link StorageServices}), request
 * handling ({@link BrokerServices}) and client transports ({@link Transports}), with the
 * {@link AdminOperations} the REST API and the protocol share. The broker side reaches the
 * controller only through ports. Every resource is registered with a {@link Closer} as it opens,
 * so closing (or a failed start) stops them all in reverse order, also when one fails to close.
 * The Liberty {@code app} layer creates the node at start-up and closes it at shutdown; tests
 * create it directly.
 */
public final class RustMqNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RustMqNode.class.getName());

    /** Opens the object store of {@code [object_storage]} for the production start-up paths. */
    static final Function<ObjectStorageConfig, ObjectStore> DEFAULT_OBJECT_STORES = ObjectStoreFactory::open;

    private final RustMqConfig config;
    private final Time time;
    private final long startedNanos;
    private final List<DataDirectory> dataDirectories;
    private final Closer closer = new Closer();
    private ControllerServices controller;
    /** The controller as the node's checks and figures read it: the local one, or the active one over RPC. */
    private ClusterView cluster;
    /** The controller's RPC port for brokers; null when it serves none. */
    private ControllerRpcListener controllerRpc;
    private ReplicationServices replication;
    /** The broker's parts; null on a controller-only node. */
    private StorageServices storage;
    private BrokerServices broker;
    private Transports transports;
    private AdminOperations admin;
    private NodeHealth health;
    private NodeStats stats;

    private RustMqNode(RustMqConfig config, Time time, List<DataDirectory> dataDirectories) {
        this.config = config;
        this.time = time;
        this.startedNanos = time.nanoseconds();
        this.dataDirectories = dataDirectories;
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
        return start(config, time, scheduler, c -> MetadataStores.open(c, time), observer);
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
     * in-memory store that outlives the node, to restart a broker whose disk was wiped. On a
     * failure, what was opened is closed again before the failure is thrown.
     */
    public static RustMqNode start(RustMqConfig config, Time time, ScheduledExecutorService scheduler,
                                   Function<RustMqConfig, MetadataStore> storeFactory,
                                   Function<ObjectStorageConfig, ObjectStore> objectStores,
                                   DataPlaneObserver observer) {
        List<DataDirectory> dirs = dataDirectories(config);
        dirs.forEach(DataDirectory::prepare);
        RustMqNode node = new RustMqNode(config, time, dirs);
        try {
            node.assemble(scheduler, storeFactory, objectStores, observer);
        } catch (RuntimeException e) {
            throw node.closer.closeAfter(e);
        }
        node.health = new NodeHealth(config.role().toString(), dirs, node.cluster, node.storage, node.broker,
                node.portChecks());
        node.stats = new NodeStats(time, node.startedNanos, node.cluster, node.storage,
                node.replication == null ? null : node.replication.replicas());
        LOG.info(() -> "RustMQ " + Version.get() + " started as " + config.role() + " node "
                + (config.role().runsController() ? config.controller().nodeId() : config.broker().id())
                + ", " + node.cluster.checkMetadataStore().data() + ", data in " + config.dataDir());
        return node;
    }

    /**
     * Opens the roles this node runs, in order: the controller (metadata store, and its RPC port
     * for brokers), then the broker's storage, its registration and heartbeats, and its
     * transports. The broker's parts get the controller through its ports: a local controller's
     * store and registry, or, on a {@code broker}-role node, the active controller over RPC
     * ({@link RemoteController}, docs/cluster.md).
     */
    private void assemble(ScheduledExecutorService scheduler, Function<RustMqConfig, MetadataStore> storeFactory,
                          Function<ObjectStorageConfig, ObjectStore> objectStores, DataPlaneObserver observer) {
        StorageMetadata metadata;
        BrokerRegistration registration;
        ControllerOperations operations;
        if (config.role().runsController()) {
            controller = ControllerServices.open(config, time, storeFactory, closer);
            controller.start(scheduler, closer);
            if (servesBrokers(config)) {
                controllerRpc = ControllerRpcListener.start(config.controller(), controller, scheduler, closer);
            }
            cluster = controller;
            metadata = controller.store();
            registration = controller.brokers();
            operations = controller.operations();
        } else {
            ControllerRpcClient client = closer.register("controller client", new ControllerRpcClient(
                    config.controller().endpoints(), time, config.controller().electionTimeoutMs() * 2));
            RemoteController remote = new RemoteController(client);
            cluster = new RemoteClusterView(remote, config.controller().endpoints());
            metadata = remote;
            registration = remote;
            operations = remote;
        }
        if (!config.role().runsBroker()) {
            admin = AdminOperations.withoutBroker(operations);
            return;
        }
        MetadataWait.await(cluster, time, MetadataWait.timeoutMs(config.controller().electionTimeoutMs()));
        storage = StorageServices.open(config, metadata, objectStores, time, observer, closer);
        String incarnation = BrokerServices.newIncarnation();
        try {
            // Before any role: a restarted broker leaves the in-sync sets first (its disk may be new).
            BrokerServices.register(config, registration, incarnation);
        } catch (RuntimeException e) {
            LOG.warning("broker registration failed, retried with the next heartbeat: " + e.getMessage());
        }
        replication = ReplicationServices.open(config, time, metadata, operations, storage.logs(), scheduler, closer);
        storage.startTiering();
        // A broker-role node's data path reads the placement it last fetched, not the controller (over RPC).
        broker = new BrokerServices(config, time, metadata, registration, storage, scheduler, observer,
                replication.replicas(), config.role() == Role.BROKER ? replication.snapshot() : null, incarnation);
        broker.start(scheduler, closer);
        replication.start(time, scheduler, closer);
        admin = AdminOperations.onBroker(operations, broker.resolver(), storage.logs(),
                storage.tier().orElse(null));
        transports = Transports.start(config.network(), broker, storage, admin, scheduler, observer, closer);
    }

    /** The checks of the listeners this node opened, for the {@code network} readiness check. */
    private List<Supplier<CheckResult>> portChecks() {
        List<Supplier<CheckResult>> checks = new ArrayList<>();
        if (transports != null) {
            checks.add(transports::check);
        }
        if (controllerRpc != null) {
            checks.add(controllerRpc::check);
        }
        if (replication != null && replication.opensPort()) {
            checks.add(replication::check);
        }
        return checks;
    }

    /**
     * Whether this controller opens its RPC port ({@code [controller] rpc_listen}) for brokers: a
     * controller-role node always; a combined node when its metadata is replicated or the key is
     * set, since a combined node alone serves only its own broker (docs/cluster.md).
     */
    static boolean servesBrokers(RustMqConfig config) {
        return config.role() == Role.CONTROLLER || config.raft().replicated() || config.controller().rpcListenSet();
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

    /** The QUIC (UDP) listener's address once bound; empty before, on a controller-only node, or on failure. */
    public Optional<InetSocketAddress> quicAddress() {
        return transports == null ? Optional.empty() : transports.quicAddress();
    }

    /** The controller's RPC port for brokers once bound; empty when it serves none, before, or on failure. */
    public Optional<InetSocketAddress> controllerRpcAddress() {
        return controllerRpc == null ? Optional.empty() : controllerRpc.address();
    }

    /** The TCP listener's address once bound; empty before, on a controller-only node, or if binding failed. */
    public Optional<InetSocketAddress> tcpAddress() {
        return transports == null ? Optional.empty() : transports.tcpAddress();
    }

    /**
     * The admin API's port as the app layer bound it: the controller announces it (default:
     * {@code [controller] http_listen}), so standbys can redirect metadata changes to the active one.
     */
    public void adminPort(int port) {
        if (controller != null) {
            controller.adminPort(port);
        }
    }

    public RustMqConfig config() {
        return config;
    }

    /**
     * Topic and cluster administration as the REST API and the protocol serve it: the
     * controller's operation, then this broker's caches and data brought in step.
     */
    public AdminOperations admin() {
        return admin;
    }

    public TopicManager topics() {
        return localController().topics();
    }

    public BrokerRegistry brokers() {
        return localController().brokers();
    }

    public MetadataStore metadataStore() {
        return localController().store();
    }

    private ControllerServices localController() {
        if (controller == null) {
            throw new IllegalStateException("a broker-role node has no controller of its own; ask the active one");
        }
        return controller;
    }

    /** The broker's tiered storage; absent on a controller-only node or without an object store. */
    public Optional<TieredStorage> tieredStorage() {
        return storage == null ? Optional.empty() : storage.tier();
    }

    /** The broker's replicas (leaderships, followings, in-sync sets); absent on a controller-only node. */
    public Optional<ReplicaManager> replicas() {
        return replication == null ? Optional.empty() : Optional.of(replication.replicas());
    }

    /** The broker's partition logs; absent on a controller-only node. */
    public Optional<LogManager> logs() {
        return storage == null ? Optional.empty() : Optional.of(storage.logs());
    }

    /** The node's health checks (readiness and liveness). */
    public NodeHealth health() {
        return health;
    }

    /** The node's gauges and counts (metrics, the cluster API). */
    public NodeStats stats() {
        return stats;
    }

    /**
     * A partition's log bounds and upload progress ({@link PartitionDetails}): from this broker's log
     * and manifest cache, or from the metadata store's manifest when this node holds no log of it.
     */
    public PartitionDetails partitionDetails(TopicPartition tp) {
        return storage != null ? storage.partitionDetails(tp)
                : PartitionDetails.of(Optional.empty(), controller.store().manifest(tp.topic(), tp.partition()));
    }

    /**
     * Stops everything in reverse order of opening: the QUIC and TCP listeners, the heartbeats,
     * tiered storage, the partition logs and WAL, the object store, the metadata store. All are
     * closed even when one throws; then the first failure is thrown, the others suppressed in it.
     */
    @Override
    public void close() {
        try {
            closer.close();
        } finally {
            LOG.info("RustMQ node stopped");
        }
    }
}
