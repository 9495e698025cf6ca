package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.FencedLeaderEpochException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.metadata.StorageMetadata;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes partition manifests in the controller's metadata store, fenced by leader epoch.
 *
 * <p>Why the metadata store and not a manifest object: it has compare-and-set (object stores do
 * not all offer conditional writes), it is replicated with the rest of the cluster's metadata, and
 * it is exactly what survives when a broker's disk is wiped. A manifest is small (one entry per
 * segment object), so it fits there.
 *
 * <p>Every update is a read, a check and a compare-and-set, retried when another writer got in
 * between: a writer whose epoch is older than the manifest's is refused
 * ({@link FencedLeaderEpochException}), so a stale leader can upload objects but never make them
 * part of the log.
 */
public final class PartitionManifests {
    private static final int MAX_ATTEMPTS = 100;

    private final StorageMetadata store;

    public PartitionManifests(StorageMetadata store) {
        this.store = store;
    }

    public Optional<PartitionManifest> load(TopicPartition tp) {
        return store.manifest(tp.topic(), tp.partition());
    }

    /**
     * Appends uploaded segments. They must start where the manifest ends (or, for a first upload,
     * anywhere); segments already recorded (a retry after an unclear outcome) are a success.
     *
     * @throws FencedLeaderEpochException when a newer epoch has written the manifest
     */
    public PartitionManifest append(TopicPartition tp, int writerEpoch, List<SegmentMetadata> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        return update(tp, writerEpoch, current -> {
            long base = segments.get(0).baseOffset();
            if (current.isEmpty()) {
                return PartitionManifest.empty(tp.topic(), tp.partition(), writerEpoch, base)
                        .withSegments(segments, writerEpoch);
            }
            PartitionManifest m = current.get();
            if (base == m.endOffset()) {
                return m.withSegments(segments, writerEpoch);
            }
            if (m.segments().containsAll(segments)) {
                return m;
            }
            throw new IllegalStateException("segments from offset " + base + " do not follow the manifest of " + tp
                    + ", which ends at " + m.endOffset());
        });
    }

    /** Raises the manifest's epoch to {@code epoch} (a new leader taking over fences the old one). */
    public PartitionManifest claim(TopicPartition tp, int epoch, long logStartOffset) {
        return update(tp, epoch, current -> current
                .map(m -> m.leaderEpoch() == epoch ? m : m.withLeaderEpoch(epoch))
                .orElseGet(() -> PartitionManifest.empty(tp.topic(), tp.partition(), epoch, logStartOffset)));
    }

    /**
     * Applies {@code change} by compare-and-set, fenced by {@code writerEpoch}; returns the
     * manifest stored afterwards. A change that returns its input writes nothing.
     */
    public PartitionManifest update(TopicPartition tp, int writerEpoch,
                                    Function<Optional<PartitionManifest>, PartitionManifest> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<PartitionManifest> current = load(tp);
            if (current.isPresent() && current.get().leaderEpoch() > writerEpoch) {
                throw new FencedLeaderEpochException("the manifest of " + tp + " was written by leader epoch "
                        + current.get().leaderEpoch() + "; this writer's epoch " + writerEpoch + " is stale");
            }
            PartitionManifest next = change.apply(current);
            if (current.isPresent() && current.get().equals(next)) {
                return next;
            }
            if (store.replaceManifest(current.orElse(null), next)) {
                return next;
            }
        }
        throw new IllegalStateException("the manifest of " + tp + " kept changing under " + MAX_ATTEMPTS
                + " attempts to update it");
    }
}
