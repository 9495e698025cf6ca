package dev.rustmq.controller.balance;

import dev.rustmq.common.Time;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Rebalances and drains (docs/cluster.md, "Rebalancing"): plans them with {@link RebalancePlanner},
 * keeps each plan in the controllers' metadata, and on every pass of the active controller
 * ({@link #runOnce}) checks the moves in progress and starts pending ones, at most
 * {@code maxConcurrentMoves} at a time. One plan runs at a time.
 */
public final class RebalanceManager {
    private static final Logger LOG = Logger.getLogger(RebalanceManager.class.getName());
    /** Completed plans kept for {@code GET}; older ones are forgotten. */
    static final int KEEP_COMPLETED = 20;
    /** How long a lead move waits for its new leader to be live and in sync. */
    static final long LEAD_MOVE_TIMEOUT_MS = 30_000;

    private final MetadataStore store;
    private final BrokerRegistry brokers;
    private final ReassignmentManager reassignments;
    private final Time time;
    private long movesDone;
    private long movesFailed;

    public RebalanceManager(MetadataStore store, BrokerRegistry brokers, ReassignmentManager reassignments, Time time) {
        this.store = store;
        this.brokers = brokers;
        this.reassignments = reassignments;
        this.time = time;
    }

    /** Plans and starts a rebalance of {@code topicNames}' partitions (empty: all). */
    public synchronized RebalancePlan start(BalanceStrategy strategy, List<String> topicNames, int maxConcurrentMoves) {
        validateConcurrency(maxConcurrentMoves);
        for (String topic : topicNames) {
            if (store.topic(topic).isEmpty()) {
                throw new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic \"" + topic + "\" does not exist");
            }
        }
        refuseWhileRunning();
        List<PartitionMove> moves = RebalancePlanner.plan(strategy, allPartitions(), brokers.liveBrokers(), topicNames);
        return save(new RebalancePlan(newId(), strategy.name(), topicNames, null, maxConcurrentMoves,
                RebalancePlan.RUNNING, time.milliseconds(), 0, moves));
    }

    /**
     * Starts moves planned elsewhere (the auto-balancer's) under {@code strategy}'s name; empty when a
     * plan is running already or there is nothing to move.
     */
    public synchronized Optional<RebalancePlan> startPlanned(String strategy, List<PartitionMove> moves,
                                                            int maxConcurrentMoves) {
        validateConcurrency(maxConcurrentMoves);
        if (moves.isEmpty() || running().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(save(new RebalancePlan(newId(), strategy, List.of(), null, maxConcurrentMoves,
                RebalancePlan.RUNNING, time.milliseconds(), 0, moves)));
    }

    /** Plans and starts moving every replica off {@code broker}. */
    public synchronized RebalancePlan drain(String broker, int maxConcurrentMoves) {
        validateConcurrency(maxConcurrentMoves);
        if (store.broker(broker).isEmpty()) {
            throw new RustMqException(ErrorCode.NOT_FOUND, "broker \"" + broker + "\" is not registered");
        }
        refuseWhileRunning();
        List<PartitionMove> moves = RebalancePlanner.drain(broker, allPartitions(), brokers.liveBrokers());
        return save(new RebalancePlan(newId(), RebalancePlan.DRAIN, List.of(), broker, maxConcurrentMoves,
                RebalancePlan.RUNNING, time.milliseconds(), 0, moves));
    }

    /** Stops a running plan: moves not started fail as cancelled; moves in progress finish. */
    public synchronized RebalancePlan cancel(String id) {
        while (true) {
            RebalancePlan plan = get(id).orElseThrow(() -> notFound(id));
            List<PartitionMove> next = plan.moves().stream()
                    .map(m -> PartitionMove.PENDING.equals(m.state()) ? m.failed("cancelled", time.milliseconds()) : m)
                    .toList();
            RebalancePlan cancelled = plan.withMoves(next, time.milliseconds());
            if (cancelled.equals(plan) || store.replaceRebalance(plan, cancelled)) {
                return cancelled;
            }
        }
    }

    public Optional<RebalancePlan> get(String id) {
        return store.rebalances().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<RebalancePlan> list() {
        return store.rebalances();
    }

    /** The running plan, if any. */
    public Optional<RebalancePlan> running() {
        return store.rebalances().stream().filter(p -> RebalancePlan.RUNNING.equals(p.state())).findFirst();
    }

    /** Moves on every running plan; the active controller calls it on each pass. */
    public synchronized void runOnce() {
        Set<String> live = brokers.liveBrokers().stream().map(BrokerMetadata::id).collect(Collectors.toSet());
        for (RebalancePlan plan : store.rebalances()) {
            if (RebalancePlan.RUNNING.equals(plan.state())) {
                advance(plan, live);
            }
        }
    }

    private void advance(RebalancePlan plan, Set<String> live) {
        long now = time.milliseconds();
        List<PartitionMove> next = new ArrayList<>(plan.moves());
        for (int i = 0; i < next.size(); i++) {
            if (PartitionMove.MOVING.equals(next.get(i).state())) {
                next.set(i, check(next.get(i), live, now));
            }
        }
        long moving = next.stream().filter(m -> PartitionMove.MOVING.equals(m.state())).count();
        for (int i = 0; i < next.size() && moving < plan.maxConcurrentMoves(); i++) {
            if (PartitionMove.PENDING.equals(next.get(i).state())) {
                PartitionMove started = start(next.get(i), live, now);
                next.set(i, started);
                if (PartitionMove.MOVING.equals(started.state())) {
                    moving++;
                }
            }
        }
        RebalancePlan updated = plan.withMoves(next, now);
        if (!updated.equals(plan) && store.replaceRebalance(plan, updated)) {
            for (int i = 0; i < next.size(); i++) {
                PartitionMove m = next.get(i);
                if (m.finished() && !plan.moves().get(i).finished()) {
                    count(plan, m);
                }
            }
            if (RebalancePlan.COMPLETED.equals(updated.state())) {
                LOG.info(() -> "rebalance " + plan.id() + " (" + plan.strategy() + ") completed: "
                        + updated.count(PartitionMove.DONE) + " moves done, " + updated.count(PartitionMove.FAILED)
                        + " failed");
                prune(plan.id());
            }
        }
    }

    private PartitionMove start(PartitionMove m, Set<String> live, long now) {
        Optional<PartitionMetadata> p = partition(m);
        if (p.isEmpty()) {
            return m.failed("the topic was deleted", now);
        }
        if (!p.get().replicas().equals(m.fromReplicas()) || p.get().isMoving()) {
            return m.failed("the placement changed since it was planned: replicas now " + p.get().replicas(), now);
        }
        try {
            reassignments.reassign(m.topic(), m.partition(), m.toReplicas());
        } catch (RustMqException e) {
            return m.failed(e.getMessage(), now);
        }
        return check(m.started(now), live, now);
    }

    /** A move in progress: done when the partition has the planned replicas (and, for a lead move, leader). */
    private PartitionMove check(PartitionMove m, Set<String> live, long now) {
        Optional<PartitionMetadata> found = partition(m);
        if (found.isEmpty()) {
            return m.failed("the topic was deleted", now);
        }
        PartitionMetadata p = found.get();
        if (p.isMoving()) {
            return p.targetReplicas().equals(m.toReplicas()) ? m
                    : m.failed("another move took it to " + p.targetReplicas(), now);
        }
        if (!Set.copyOf(p.replicas()).equals(Set.copyOf(m.toReplicas()))) {
            return m.failed("the placement changed while moving: replicas now " + p.replicas(), now);
        }
        String preferred = m.toReplicas().get(0);
        if (p.leader().equals(preferred) || reassignments.electPreferredLeader(p, live).isPresent()) {
            return m.done(now);
        }
        if (!m.leaderOnly()) {
            // A data move is done once the replicas are in place; the lead follows when it can.
            return m.done(now);
        }
        return now - m.startedAtMs() < LEAD_MOVE_TIMEOUT_MS ? m : m.failed("replica " + preferred
                + " did not become live and in sync within " + LEAD_MOVE_TIMEOUT_MS + " ms to take the lead", now);
    }

    private void count(RebalancePlan plan, PartitionMove m) {
        if (PartitionMove.DONE.equals(m.state())) {
            movesDone++;
            LOG.info(() -> "rebalance " + plan.id() + ": " + m.topic() + "-" + m.partition() + " moved from "
                    + m.fromReplicas() + " to " + m.toReplicas() + " in " + (m.finishedAtMs() - m.startedAtMs()) + " ms");
        } else {
            movesFailed++;
            LOG.warning(() -> "rebalance " + plan.id() + ": " + m.topic() + "-" + m.partition() + " not moved: "
                    + m.error());
        }
    }

    /** Moves completed by this controller's plans. */
    public synchronized long movesDone() {
        return movesDone;
    }

    public synchronized long movesFailed() {
        return movesFailed;
    }

    private Optional<PartitionMetadata> partition(PartitionMove m) {
        return store.partitions(m.topic()).stream().filter(p -> p.partition() == m.partition()).findFirst();
    }

    private List<PartitionMetadata> allPartitions() {
        List<PartitionMetadata> all = new ArrayList<>();
        for (TopicMetadata topic : store.topics()) {
            all.addAll(store.partitions(topic.name()));
        }
        return all;
    }

    /** Stores a new plan and starts its first moves at once. */
    private RebalancePlan save(RebalancePlan plan) {
        if (!store.replaceRebalance(null, plan)) {
            throw new IllegalStateException("rebalance id " + plan.id() + " taken");
        }
        LOG.info(() -> "rebalance " + plan.id() + " (" + plan.strategy()
                + (plan.drainedBroker() == null ? "" : " of broker " + plan.drainedBroker()) + ") planned "
                + plan.moves().size() + " moves, at most " + plan.maxConcurrentMoves() + " at a time");
        advance(plan, brokers.liveBrokers().stream().map(BrokerMetadata::id).collect(Collectors.toSet()));
        return get(plan.id()).orElse(plan);
    }

    private void refuseWhileRunning() {
        running().ifPresent(p -> {
            throw new RustMqException(ErrorCode.REBALANCE_IN_PROGRESS, "rebalance " + p.id() + " (" + p.strategy()
                    + ") is running: " + (p.count(PartitionMove.DONE) + p.count(PartitionMove.FAILED)) + " of "
                    + p.moves().size() + " moves finished; wait for it or cancel it (DELETE /api/v1/rebalance/"
                    + p.id() + ")");
        });
    }

    /** Forgets the oldest completed plans beyond {@link #KEEP_COMPLETED}, never {@code justCompleted}. */
    private void prune(String justCompleted) {
        List<RebalancePlan> completed = store.rebalances().stream()
                .filter(p -> RebalancePlan.COMPLETED.equals(p.state()) && !p.id().equals(justCompleted)).toList();
        for (int i = 0; i < completed.size() + 1 - KEEP_COMPLETED; i++) {
            store.removeRebalance(completed.get(i).id());
        }
    }

    private static void validateConcurrency(int maxConcurrentMoves) {
        if (maxConcurrentMoves < 1) {
            throw new RustMqException(ErrorCode.INVALID_REQUEST, "max_concurrent_moves must be at least 1, not "
                    + maxConcurrentMoves);
        }
    }

    private static RustMqException notFound(String id) {
        return new RustMqException(ErrorCode.NOT_FOUND, "no rebalance with id \"" + id + "\"");
    }

    private String newId() {
        return UUID.randomUUID().toString();
    }
}
