package dev.rustmq.node;

import dev.rustmq.broker.FetchHandler;
import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.broker.ProduceHandler;
import dev.rustmq.broker.ProducerIds;
import dev.rustmq.broker.ReplicaAcks;
import dev.rustmq.common.Time;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.metadata.BrokerRegistration;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.storage.tier.TieredStorage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A broker's request handling over its storage: the partition resolver (a short-lived cache of
 * topic metadata), the produce and fetch handlers, and the broker's registration and heartbeats.
 * Reaches the controller only through the {@link StorageMetadata} and {@link BrokerRegistration}
 * ports, so the same services run next to a local controller or, later, a remote one.
 */
final class BrokerServices {
    private static final Logger LOG = Logger.getLogger(BrokerServices.class.getName());

    /** How long the produce/fetch paths may use cached topic metadata. */
    static final long PARTITION_METADATA_TTL_MS = 1_000;

    private final RustMqConfig config;
    private final Time time;
    private final BrokerRegistration registration;
    private final PartitionResolver resolver;
    private final ProduceHandler produce;
    private final FetchHandler fetch;
    private final ProducerIds producerIds;
    private final LoadMeter load;
    /** This start's incarnation: new at every start of the node (docs/cluster.md, "Brokers"). */
    private final String incarnation;
    private volatile ScheduledFuture<?> heartbeats;
    private volatile long lastHeartbeatMs;

    /**
     * Fetches wait for data on {@code scheduler}; reads from object storage run on tiered storage's
     * threads. {@code dataPath}: where the produce and fetch paths read placements on a broker-role
     * node (the placement last fetched); null: straight from {@code metadata} (a local controller).
     */
    BrokerServices(RustMqConfig config, Time time, StorageMetadata metadata, BrokerRegistration registration,
                   StorageServices storage, ScheduledExecutorService scheduler, DataPlaneObserver observer,
                   ReplicaAcks replicas, PlacementSnapshot dataPath, String incarnation) {
        this.config = config;
        this.incarnation = incarnation;
        this.time = time;
        this.registration = registration;
        this.resolver = dataPath == null
                ? new PartitionResolver(metadata, config.broker().id(), time, PARTITION_METADATA_TTL_MS)
                : new PartitionResolver(dataPath, config.broker().id(), time, PARTITION_METADATA_TTL_MS,
                        dataPath::forget);
        this.load = new LoadMeter(observer, time);
        this.produce = new ProduceHandler(resolver, storage.logs(), config.replication(),
                config.network().maxMessageBytes(), time, load, replicas);
        Executor coldReads = storage.tier().map(TieredStorage::coldReadExecutor).orElse(scheduler);
        this.producerIds = new ProducerIds(metadata);
        this.fetch = new FetchHandler(resolver, storage.logs(), scheduler, time, load, coldReads);
    }

    /** Registers this broker, then heartbeats every {@code heartbeat_interval_ms} until {@code closer} closes. */
    void start(ScheduledExecutorService scheduler, Closer closer) {
        try {
            register();
        } catch (RuntimeException e) {
            // The controllers may not have their quorum yet; the heartbeat registers once they do.
            LOG.warning("broker registration failed, retried with the next heartbeat: " + e.getMessage());
        }
        lastHeartbeatMs = time.milliseconds();
        long interval = config.controller().heartbeatIntervalMs();
        heartbeats = time.scheduleWithFixedDelay(scheduler, this::heartbeat, interval, interval,
                TimeUnit.MILLISECONDS);
        closer.register("broker heartbeats", () -> heartbeats.cancel(false));
    }

    private void register() {
        register(config, registration, incarnation);
    }

    /** A new incarnation id, for one start of a broker. */
    static String newIncarnation() {
        return UUID.randomUUID().toString();
    }

    /**
     * Registers this broker with this process's incarnation; the node calls it before the broker
     * takes any role, so a restart (maybe on a wiped disk) is out of the in-sync sets first.
     */
    static void register(RustMqConfig config, BrokerRegistration registration, String incarnation) {
        registration.register(config.broker().id(), config.broker().rackId(),
                config.broker().advertised(config.network().quicListen()),
                config.broker().advertised(config.network().rpcListen()), incarnation);
    }

    private void heartbeat() {
        try {
            if (!registration.heartbeat(config.broker().id(), load.sample())) {
                register();
            }
            lastHeartbeatMs = time.milliseconds();
        } catch (RuntimeException e) {
            // Keep the schedule alive; liveness turns DOWN if heartbeats keep failing.
            LOG.log(Level.WARNING, "broker heartbeat failed: " + e.getMessage(), e);
        }
    }

    PartitionResolver resolver() {
        return resolver;
    }

    ProduceHandler produce() {
        return produce;
    }

    FetchHandler fetch() {
        return fetch;
    }

    ProducerIds producerIds() {
        return producerIds;
    }

    /**
     * Liveness: the heartbeat loop still runs and succeeded within the session timeout
     * ({@code [controller] election_timeout_ms}, after which the controller counts the broker as down).
     */
    CheckResult checkHeartbeats() {
        Map<String, String> data = new LinkedHashMap<>();
        long age = time.milliseconds() - lastHeartbeatMs;
        data.put("last_heartbeat_age_ms", Long.toString(age));
        ScheduledFuture<?> h = heartbeats;
        boolean scheduled = h != null && !h.isDone();
        data.put("scheduled", Boolean.toString(scheduled));
        return new CheckResult("broker-heartbeat", scheduled && age < config.controller().electionTimeoutMs(), data);
    }
}
