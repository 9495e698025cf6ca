package dev.rustmq.controller;

import dev.rustmq.common.Time;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.infinispan.Cache;
import org.infinispan.conflict.ConflictManager;
import org.infinispan.conflict.ConflictManagerFactory;
import org.infinispan.distribution.LocalizedCacheTopology;
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.Merged;
import org.infinispan.notifications.cachemanagerlistener.event.MergeEvent;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.infinispan.remoting.transport.Address;
import org.infinispan.topology.CacheTopology;

/**
 * Brings the replicated controllers' caches back into agreement after a merge when Infinispan's own
 * conflict resolution did not (docs/cluster.md, "Partitions of the network"). Infinispan 15 resolves
 * conflicts after every merge and, needlessly, after every change of coordinator (infinispan#17620):
 * when a split heals while the majority's resolution still runs, the merge's resolution fails
 * ("the owners of the requested segment have changed") and the controller that was cut off keeps
 * its stale copy, although every cache reports AVAILABLE.
 *
 * <p>After each merge every member, on one background thread, waits until every cache has every
 * member of the view, is AVAILABLE, and runs no rebalance and no conflict resolution; then it
 * passes over each cache with {@link ConflictRepair} (the keys it holds, settled by majority vote
 * and written conditionally on the primary owner's value). Every member runs it because a key only
 * some members hold (one the majority created while a member was cut off) is found by their passes;
 * the conditional writes make passes on several members at once safe. A pass that fails (a
 * topology change under it) is run again after a short delay, a bounded number of times.
 */
@Listener
final class MergeRepair implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MergeRepair.class.getName());
    /** How often it looks whether Infinispan's merge has settled. */
    static final long SETTLE_POLL_MS = 500;
    /** How many looks (two minutes) before it gives up on a merge that does not settle. */
    static final int MAX_POLLS = 240;
    /** The pause before a pass that failed is run again. */
    static final long RETRY_DELAY_MS = 1_000;
    /** How many passes it tries before giving up. */
    static final int MAX_PASSES = 10;

    private final EmbeddedCacheManager manager;
    private final List<Cache<String, String>> caches;
    private final Time time;
    private final ScheduledExecutorService executor;
    /** The latest merge; a repair still waiting for an earlier one gives way to it. */
    private final AtomicInteger merges = new AtomicInteger();
    private volatile boolean closed;

    MergeRepair(EmbeddedCacheManager manager, List<Cache<String, String>> caches, Time time) {
        this.manager = manager;
        this.caches = List.copyOf(caches);
        this.time = time;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rustmq-merge-repair");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts listening for merges of the cluster view. */
    MergeRepair start() {
        manager.addListener(this);
        return this;
    }

    @Merged
    public void merged(MergeEvent event) {
        // Infinispan's notification thread must not wait: the repair runs on its own thread.
        int merge = merges.incrementAndGet();
        LOG.fine(() -> "merge of " + event.getSubgroupsMerged() + ": repair " + merge + " scheduled");
        schedule(() -> attempt(merge, 0, 0), SETTLE_POLL_MS);
    }

    private void attempt(int merge, int polls, int passes) {
        if (closed || merge != merges.get()) {
            return;
        }
        if (!settled()) {
            if (polls + 1 >= MAX_POLLS) {
                LOG.warning("merge repair: the controllers' caches did not settle within " + MAX_POLLS * SETTLE_POLL_MS
                        / 1_000 + " s of a merge; keys they hold differently stay so until written again");
                return;
            }
            schedule(() -> attempt(merge, polls + 1, passes), SETTLE_POLL_MS);
            return;
        }
        try {
            report(repairEveryCache());
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            if (passes + 1 >= MAX_PASSES) {
                LOG.log(Level.WARNING, "merge repair: giving up after " + (passes + 1) + " passes; keys the "
                        + "controllers hold differently stay until written again", e);
                return;
            }
            LOG.info(() -> "merge repair: pass " + (passes + 1) + " interrupted (" + e.getMessage() + "), retrying");
            schedule(() -> attempt(merge, polls, passes + 1), RETRY_DELAY_MS);
        }
    }

    /** Every cache holds every member of the view, is AVAILABLE, and nothing is moving its entries. */
    private boolean settled() {
        List<Address> members = manager.getMembers();
        return members != null && caches.stream().allMatch(cache -> settled(cache, members));
    }

    private static boolean settled(Cache<String, String> cache, List<Address> members) {
        if (cache.getStatus() != ComponentStatus.RUNNING
                || cache.getAdvancedCache().getAvailability() != AvailabilityMode.AVAILABLE) {
            return false;
        }
        LocalizedCacheTopology topology = cache.getAdvancedCache().getDistributionManager().getCacheTopology();
        // Conflict resolution shows in the topology's phase on every member, and as a running stream
        // on the coordinator, which runs it.
        ConflictManager<String, String> conflicts = ConflictManagerFactory.get(cache.getAdvancedCache());
        return topology.getPhase() == CacheTopology.Phase.NO_REBALANCE && topology.getMembers().containsAll(members)
                && !conflicts.isStateTransferInProgress() && !conflicts.isConflictResolutionInProgress();
    }

    private Map<String, ConflictRepair.Outcome> repairEveryCache() {
        Map<String, ConflictRepair.Outcome> outcomes = new LinkedHashMap<>();
        for (Cache<String, String> cache : caches) {
            outcomes.put(cache.getName(), ConflictRepair.run(cache));
        }
        return outcomes;
    }

    private void report(Map<String, ConflictRepair.Outcome> outcomes) {
        StringBuilder repaired = new StringBuilder();
        int tied = 0;
        int changed = 0;
        for (Map.Entry<String, ConflictRepair.Outcome> e : outcomes.entrySet()) {
            repaired.append(repaired.isEmpty() ? "" : ", ").append(e.getKey()).append('=')
                    .append(e.getValue().repaired());
            tied += e.getValue().tied();
            changed += e.getValue().changedMeanwhile();
        }
        String message = "merge repair on " + manager.getAddress() + ": keys repaired per cache: " + repaired;
        if (tied > 0) {
            message += "; " + tied + " tied key(s) left as they are until written again";
        }
        if (changed > 0) {
            message += "; " + changed + " key(s) written since the read (a newer value, or another controller's "
                    + "repair) left as written";
        }
        LOG.info(message);
    }

    private void schedule(Runnable task, long delayMs) {
        if (closed) {
            return;
        }
        try {
            time.schedule(executor, task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing left to repair.
        }
    }

    @Override
    public void close() {
        closed = true;
        manager.removeListener(this);
        executor.shutdownNow();
    }
}
