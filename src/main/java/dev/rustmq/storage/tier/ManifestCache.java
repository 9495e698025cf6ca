package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.PartitionManifest;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This broker's copy of the manifests of the partitions it serves, so reads do not ask the
 * metadata store each time. Loaded on first use, replaced by this broker's own commits, forgotten
 * when a partition is deleted (or, later, when leadership moves).
 */
final class ManifestCache {
    private final PartitionManifests manifests;
    private final ConcurrentMap<TopicPartition, Optional<PartitionManifest>> cache = new ConcurrentHashMap<>();

    ManifestCache(PartitionManifests manifests) {
        this.manifests = manifests;
    }

    Optional<PartitionManifest> get(TopicPartition tp) {
        return cache.computeIfAbsent(tp, manifests::load);
    }

    /**
     * Keeps the newer of the cached and the given manifest (by version): the tiering thread and
     * the retention thread both write, and a slower put of an older version must not win.
     */
    void put(TopicPartition tp, PartitionManifest manifest) {
        cache.merge(tp, Optional.of(manifest), (old, given) ->
                old.isPresent() && old.get().version() > manifest.version() ? old : given);
    }

    void forget(TopicPartition tp) {
        cache.remove(tp);
    }

    PartitionManifests store() {
        return manifests;
    }
}
