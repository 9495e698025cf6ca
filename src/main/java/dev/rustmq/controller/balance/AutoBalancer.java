package dev.rustmq.controller.balance;

import dev.rustmq.common.Time;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The active controller's own rebalancing ({@code [autobalancer]}; docs/cluster.md,
 * "Auto-balancer"). At most every {@link #EVALUATE_EVERY_MS}, and only when no plan runs and the
 * cooldown since the last plan ended has passed, it looks at the load the brokers reported:
 * <ul>
 *   <li>A broker is <em>hot</em> when its process CPU share is above {@code cpu_threshold}, its
 *   heap use above {@code memory_threshold}, or its bytes in plus out per second more than
 *   {@link #TRAFFIC_TOLERANCE} above the live brokers' mean (and above {@link #MIN_TRAFFIC}).
 *   Hot brokers shed load: leaderships first, then replicas ({@link LoadShedPlanner}).</li>
 *   <li>With no hot broker it evens out replicas and then leaders ({@link BalanceStrategy#BALANCE_LOAD}),
 *   which moves nothing while no two brokers differ by more than one of either.</li>
 * </ul>
 * Each plan moves at most {@code max_concurrent_moves} partitions at once; every move is logged
 * and counted by the {@link RebalanceManager}.
 */
public final class AutoBalancer {
    private static final Logger LOG = Logger.getLogger(AutoBalancer.class.getName());
    /** How often the auto-balancer looks at the cluster at most. */
    static final long EVALUATE_EVERY_MS = 5_000;
    /** How far above the mean a broker's traffic may be before it counts as hot. */
    static final double TRAFFIC_TOLERANCE = 0.25;
    /** Traffic (bytes/s) below which no broker counts as hot by traffic: noise. */
    static final double MIN_TRAFFIC = 1 << 20;
    public static final String SHED = "AUTO_SHED_LOAD";
    public static final String EVEN_OUT = "AUTO_BALANCE_LOAD";

    /** {@code [autobalancer]}, with the cooldown in milliseconds. */
    public record Settings(boolean enabled, double cpuThreshold, double memoryThreshold, long cooldownMs,
                           int maxConcurrentMoves) {
    }

    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final RebalanceManager rebalances;
    private final Time time;
    private final Settings settings;
    private boolean evaluated;
    private long lastEvaluationMs;
    private boolean seenQuiet;
    private long quietSinceMs;
    private long movesPlanned;

    public AutoBalancer(MetadataStore store, BrokerRegistry brokers, RebalanceManager rebalances, Time time,
                        Settings settings) {
        this.store = store;
        this.brokers = brokers;
        this.rebalances = rebalances;
        this.time = time;
        this.settings = settings;
    }

    /** One look at the cluster, on the active controller; returns the plan it started, if any. */
    public synchronized Optional<RebalancePlan> runOnce() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        long now = time.milliseconds();
        if (rebalances.running().isPresent()) {
            seenQuiet = true;
            quietSinceMs = now;
            return Optional.empty();
        }
        if ((seenQuiet && now - quietSinceMs < settings.cooldownMs())
                || (evaluated && now - lastEvaluationMs < EVALUATE_EVERY_MS)) {
            return Optional.empty();
        }
        evaluated = true;
        lastEvaluationMs = now;
        List<BrokerMetadata> live = brokers.liveBrokers();
        Set<String> hot = hotBrokers(live);
        List<PartitionMetadata> partitions = new ArrayList<>();
        for (TopicMetadata topic : store.topics()) {
            partitions.addAll(store.partitions(topic.name()));
        }
        List<PartitionMove> moves = hot.isEmpty()
                ? RebalancePlanner.plan(BalanceStrategy.BALANCE_LOAD, partitions, live, List.of())
                : RebalancePlanner.shed(hot, partitions, live, settings.maxConcurrentMoves());
        Optional<RebalancePlan> plan = rebalances.startPlanned(hot.isEmpty() ? EVEN_OUT : SHED, moves,
                settings.maxConcurrentMoves());
        plan.ifPresent(p -> {
            movesPlanned += p.moves().size();
            seenQuiet = true;
            quietSinceMs = now;
            LOG.info(() -> "auto-balancer: " + (hot.isEmpty() ? "evening out replicas and leaders"
                    : "taking load off hot brokers " + hot.stream().sorted().toList()) + " with " + p.moves().size()
                    + " moves (rebalance " + p.id() + ")");
        });
        return plan;
    }

    /** Brokers above a threshold (see the class comment). */
    Set<String> hotBrokers(List<BrokerMetadata> live) {
        double meanTraffic = live.stream().mapToDouble(b -> b.load().bytesPerSec()).average().orElse(0);
        return live.stream().filter(b -> b.load().cpu() > settings.cpuThreshold()
                        || b.load().memory() > settings.memoryThreshold()
                        || (b.load().bytesPerSec() > MIN_TRAFFIC
                        && b.load().bytesPerSec() > meanTraffic * (1 + TRAFFIC_TOLERANCE)))
                .map(BrokerMetadata::id).collect(Collectors.toSet());
    }

    /** Moves the auto-balancer planned since this controller started. */
    public synchronized long movesPlanned() {
        return movesPlanned;
    }
}
