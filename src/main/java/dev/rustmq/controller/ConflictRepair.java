package dev.rustmq.controller;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.commons.CacheException;
import org.infinispan.conflict.ConflictManager;
import org.infinispan.conflict.ConflictManagerFactory;
import org.infinispan.container.entries.InternalCacheValue;
import org.infinispan.context.Flag;
import org.infinispan.remoting.transport.Address;

/**
 * One pass of {@link MergeRepair} over one replicated cache on one member: for every key this
 * member holds, reads every member's value ({@code ConflictManager.getAllVersions}), settles a
 * disagreement by {@link ConflictVote} and writes the winner conditionally on the value the key's
 * primary owner held in that read. Infinispan runs a conditional write on the primary owner under
 * the key's lock and replicates it to every member, so the losers take the winner, while a key
 * written since the read (by the active controller, or by the same repair on another member) keeps
 * that newer value.
 *
 * <p>It reads key by key rather than with {@code ConflictManager.getConflicts()}, which asks every
 * member for each of the 256 segments in turn (about 17 s per cache for three controllers on one
 * machine); the metadata holds few keys. A key only some members hold is found by those members'
 * passes, so every member runs one.
 *
 * <p>Values are read as {@link TombstoneMap} reads them: a tombstone and a missing entry are both
 * absent, and an absence that wins is written as a tombstone, which state transfer carries.
 */
final class ConflictRepair {
    /** What one pass did: keys found held differently, repaired, left tied, and found changed since the read. */
    record Outcome(int conflicts, int repaired, int tied, int changedMeanwhile) {
    }

    /** The cache's topology changed during the pass, so a member may have been left out of its reads. */
    static final class TopologyChanged extends CacheException {
        TopologyChanged(String cache, int before, int after) {
            super("topology of cache " + cache + " changed from " + before + " to " + after + " during the repair");
        }
    }

    private ConflictRepair() {
    }

    static Outcome run(Cache<String, String> cache) {
        AdvancedCache<String, String> advanced = cache.getAdvancedCache();
        ConflictManager<String, String> conflictManager = ConflictManagerFactory.get(advanced);
        int topology = topologyId(advanced);
        // A copy: the repair writes while it goes.
        List<String> keys = List.copyOf(advanced.withFlags(Flag.CACHE_MODE_LOCAL).keySet());
        int conflicts = 0;
        int repaired = 0;
        int tied = 0;
        int changed = 0;
        for (String key : keys) {
            Map<Address, InternalCacheValue<String>> replicas = conflictManager.getAllVersions(key);
            Map<Address, Optional<String>> values = liveValues(replicas);
            if (values.values().stream().distinct().count() < 2) {
                continue; // the members agree, or differ only in how they hold an absence
            }
            conflicts++;
            ConflictVote.Verdict verdict = ConflictVote.settle(values);
            if (verdict instanceof ConflictVote.Tie) {
                tied++;
            } else if (write(advanced, key, replicas, verdict)) {
                repaired++;
            } else {
                changed++;
            }
        }
        if (topologyId(advanced) != topology) {
            throw new TopologyChanged(cache.getName(), topology, topologyId(advanced));
        }
        return new Outcome(conflicts, repaired, tied, changed);
    }

    private static Map<Address, Optional<String>> liveValues(Map<Address, InternalCacheValue<String>> replicas) {
        Map<Address, Optional<String>> values = new HashMap<>();
        replicas.forEach((member, held) -> values.put(member, Optional.ofNullable(rawValue(held))
                .filter(v -> !v.equals(TombstoneMap.TOMBSTONE))));
        return values;
    }

    /** Writes the verdict if the primary owner still holds what the read found there; true if it did. */
    private static boolean write(AdvancedCache<String, String> cache, String key,
                                 Map<Address, InternalCacheValue<String>> replicas, ConflictVote.Verdict verdict) {
        Address primary = cache.getDistributionManager().getCacheTopology().getDistribution(key).primary();
        if (!replicas.containsKey(primary)) {
            throw new CacheException("primary owner " + primary + " of a key in cache " + cache.getName()
                    + " was not among the members read");
        }
        String winner = verdict instanceof ConflictVote.Holds holds ? holds.value() : TombstoneMap.TOMBSTONE;
        String held = rawValue(replicas.get(primary));
        // Rewriting the value the primary already holds is still a write: it replicates it to the others.
        return held == null ? cache.putIfAbsent(key, winner) == null : cache.replace(key, held, winner);
    }

    private static String rawValue(InternalCacheValue<String> held) {
        return held == null ? null : held.getValue();
    }

    private static int topologyId(AdvancedCache<String, String> cache) {
        return cache.getDistributionManager().getCacheTopology().getTopologyId();
    }
}
