package dev.rustmq.node;

import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.admin.LocalController;
import dev.rustmq.common.Time;
import dev.rustmq.config.ControllerConfig;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.ControllerQuorum;
import dev.rustmq.controller.LeadershipReconciler;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.config.AutobalancerConfig;
import dev.rustmq.controller.balance.AutoBalancer;
import dev.rustmq.controller.balance.RebalanceManager;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.metadata.ControllerMetadata;
import dev.rustmq.metadata.PartitionHealth;
import dev.rustmq.metadata.TopicMetadata;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller: the metadata store, the broker registry (registrations and heartbeats, who is
 * live) and the topic manager (the one writer of topic metadata). The broker side of a node sees
 * it only through ports: the store as {@link dev.rustmq.metadata.StorageMetadata}, the registry as
 * {@link dev.rustmq.metadata.BrokerRegistration}, and both as {@link ControllerOperations}.
 */
final class ControllerServices implements ClusterView {
    private static final Logger LOG = Logger.getLogger(ControllerServices.class.getName());
    private final RustMqConfig config;
    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final TopicManager topics;
    private final LeadershipReconciler leadership;
    private final ReassignmentManager reassignments;
    private final RebalanceManager rebalances;
    private final AutoBalancer autoBalancer;
    private final Time time;
    private volatile String adminEndpoint;
    private volatile boolean rebalanceRunning;
    /** How often the leader pass runs while partitions move (else every heartbeat interval). */
    static final long MOVE_PASS_MS = 100;

    private ControllerServices(RustMqConfig config, MetadataStore store, Time time) {
        this.config = config;
        this.store = store;
        this.time = time;
        this.adminEndpoint = config.controller().reachableHost() + ":" + config.controller().httpListen().port();
        this.brokers = new BrokerRegistry(store, time, config.controller().electionTimeoutMs());
        this.leadership = new LeadershipReconciler(store, brokers, time);
        this.reassignments = new ReassignmentManager(store, brokers, leadership::expectMoves);
        this.rebalances = new RebalanceManager(store, brokers, reassignments, time);
        AutobalancerConfig auto = config.autobalancer();
        this.autoBalancer = new AutoBalancer(store, brokers, rebalances, time, new AutoBalancer.Settings(auto.enabled(),
                auto.cpuThreshold(), auto.memoryThreshold(), auto.cooldownSeconds() * 1000, auto.maxConcurrentMoves()));
        this.topics = new TopicManager(store, brokers, time, new SecureRandom(), reassignments);
    }

    /** Opens the metadata store ({@code stores} opens it from the configuration), registered with {@code closer}. */
    static ControllerServices open(RustMqConfig config, Time time, Function<RustMqConfig, MetadataStore> stores,
                                   Closer closer) {
        return new ControllerServices(config, closer.register("metadata store", stores.apply(config)), time);
    }

    /**
     * Announces this controller's addresses to the others (so a standby can point callers at the
     * active one) now and every {@code heartbeat_interval_ms}: a controller that starts before the
     * quorum is formed, or comes back after a split, announces itself once it can.
     */
    void start(ScheduledExecutorService scheduler, Closer closer) {
        long interval = config.controller().heartbeatIntervalMs();
        ScheduledFuture<?> announcements = time.scheduleWithFixedDelay(scheduler, this::announce, 0, interval,
                TimeUnit.MILLISECONDS);
        closer.register("controller announcements", () -> announcements.cancel(false));
        ScheduledFuture<?> elections = time.scheduleWithFixedDelay(scheduler, this::reconcileLeaders, interval,
                interval, TimeUnit.MILLISECONDS);
        closer.register("leader elections", () -> elections.cancel(false));
        // While partitions move, passes come faster: each step of a move waits for one.
        long movePass = Math.min(interval, MOVE_PASS_MS);
        ScheduledFuture<?> moves = time.scheduleWithFixedDelay(scheduler, () -> {
            if (leadership.movesPending() || rebalanceRunning) {
                reconcileLeaders();
            }
        }, movePass, movePass, TimeUnit.MILLISECONDS);
        closer.register("partition moves", () -> moves.cancel(false));
    }

    /** On the active controller: every partition led by a live in-sync replica, or offline (docs/cluster.md). */
    private synchronized void reconcileLeaders() {
        try {
            leadership.runOnce();
            if (store.quorum().isActive()) {
                rebalances.runOnce();
                autoBalancer.runOnce();
                rebalanceRunning = rebalances.running().isPresent();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "leader election pass failed; retried next interval: " + e.getMessage(), e);
        }
    }

    /** The admin API's port as the app layer bound it; announced from now on, with this controller's host. */
    void adminPort(int port) {
        this.adminEndpoint = config.controller().reachableHost() + ":" + port;
        announce();
    }

    private void announce() {
        try {
            if (!store.quorum().hasQuorum()) {
                return;
            }
            ControllerConfig c = config.controller();
            ControllerMetadata self = new ControllerMetadata(c.nodeId(), c.reachableHost() + ":" + c.rpcListen().port(),
                    adminEndpoint);
            if (!store.controllers().contains(self)) {
                store.putController(self);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "controller announcement failed; retried next interval", e);
        }
    }

    MetadataStore store() {
        return store;
    }

    BrokerRegistry brokers() {
        return brokers;
    }

    TopicManager topics() {
        return topics;
    }

    /** The admin's view of this controller; it runs on this node, so this broker's id is the controller's. */
    ControllerOperations operations() {
        return new LocalController(topics, brokers, config.broker().id(), store, reassignments, rebalances);
    }

    /** Readiness: the metadata store answers. */
    @Override
    public CheckResult checkMetadataStore() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("path", config.metastore().path().toString());
        ControllerQuorum quorum = store.quorum();
        data.put("controllers", quorum.members().size() + " of " + quorum.voters() + " connected");
        quorum.activeId().ifPresent(active -> data.put("active_controller", active));
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

    @Override
    public int topicCount() {
        return topics.list().size();
    }

    @Override
    public int partitionCount() {
        return topics.list().stream().mapToInt(TopicMetadata::partitionCount).sum();
    }

    @Override
    public int brokerCount() {
        return brokers.brokers().size();
    }

    @Override
    public PartitionHealth partitionHealth() {
        return PartitionHealth.of(store);
    }

    @Override
    public boolean isActiveController() {
        return store.quorum().isActive();
    }

    @Override
    public long leaderElections() {
        return leadership.elections();
    }

    @Override
    public long partitionMoves() {
        return leadership.movesCompleted();
    }

    @Override
    public long autobalancerMoves() {
        return autoBalancer.movesPlanned();
    }

    @Override
    public int liveBrokerCount() {
        return (int) brokers.brokers().stream().filter(brokers::isLive).count();
    }
}
