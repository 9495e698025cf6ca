package dev.rustmq.storage.tier;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.FencedLeaderEpochException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.object.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies each topic's retention policy to the partitions this broker holds, deleting whole
 * uploaded segments from the front of the log (Kafka semantics):
 * <ul>
 * <li>{@code Time}: segments whose largest timestamp is older than {@code retention_ms};</li>
 * <li>{@code Size}: the oldest segments while the partition (uploaded segments plus data not yet
 *     uploaded) stays at or above {@code retention_bytes} without them.</li>
 * </ul>
 * Data only in the WAL is never deleted. Order: the manifest first (compare-and-set, fenced by the
 * partition's leader epoch), then the partition log's start offset, then the objects. An object
 * whose delete fails is below the log start from then on, so the {@link OrphanSweeper} retries it.
 * The policy is read from the metadata store on every pass, so a topic update applies on the next.
 */
final class RetentionEnforcer {
    private static final Logger LOG = Logger.getLogger(RetentionEnforcer.class.getName());

    private final LogManager logs;
    private final StorageMetadata metadata;
    private final ManifestCache manifests;
    private final ObjectStore store;
    private final Time time;
    private final RetentionStats stats;

    RetentionEnforcer(LogManager logs, StorageMetadata metadata, ManifestCache manifests, ObjectStore store, Time time,
                      RetentionStats stats) {
        this.logs = logs;
        this.metadata = metadata;
        this.manifests = manifests;
        this.store = store;
        this.time = time;
        this.stats = stats;
    }

    /** One pass over every partition log of this broker. */
    void enforceAll() {
        for (PartitionLog log : logs.partitionLogs()) {
            try {
                enforce(log);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "retention of " + log.partition() + " skipped this pass: " + e.getMessage(), e);
            }
        }
    }

    /** Applies the partition's topic policy once. */
    void enforce(PartitionLog log) {
        TopicPartition tp = log.partition();
        Optional<TopicMetadata> topic = metadata.topic(tp.topic());
        if (topic.isEmpty() || topic.get().retentionPolicy() == null
                || topic.get().retentionPolicy().limit() == RetentionPolicy.UNLIMITED) {
            return;
        }
        Optional<PartitionManifest> loaded = manifests.store().load(tp);
        if (loaded.isEmpty() || loaded.get().segments().isEmpty()) {
            return;
        }
        PartitionManifest manifest = loaded.get();
        long start = newLogStart(manifest, topic.get().retentionPolicy(), log);
        if (start <= manifest.logStartOffset()) {
            return;
        }
        List<SegmentMetadata> dropped = new ArrayList<>();
        PartitionManifest updated;
        try {
            updated = manifests.store().update(tp, writerEpoch(tp, manifest), current -> {
                PartitionManifest m = current.orElseThrow(() -> new PartitionGone(tp));
                dropped.clear();
                for (SegmentMetadata s : m.segments()) {
                    if (s.lastOffset() < start) {
                        dropped.add(s);
                    }
                }
                return m.withLogStartOffset(start);
            });
        } catch (PartitionGone gone) {
            return; // deleted meanwhile: its objects go with the topic
        } catch (FencedLeaderEpochException fenced) {
            LOG.fine(() -> "retention of " + tp + " left to its newer leader: " + fenced.getMessage());
            return;
        }
        manifests.put(tp, updated);
        log.advanceLogStartOffset(updated.logStartOffset());
        LOG.info(() -> tp + ": retention (" + topic.get().retentionPolicy().kind().field() + " "
                + topic.get().retentionPolicy().limit() + ") moved the log start to " + updated.logStartOffset()
                + ", deleting " + dropped.size() + " segment object(s)");
        for (SegmentMetadata s : dropped) {
            try {
                store.delete(s.key());
                stats.segmentExpired(s.sizeBytes());
            } catch (RuntimeException e) {
                stats.deleteFailed();
                LOG.log(Level.WARNING, "cannot delete " + s.key() + " (below the log start of " + tp
                        + "); the orphan sweep retries: " + e.getMessage(), e);
            }
        }
    }

    /** Where the log would start once the policy's expired segments are gone. */
    long newLogStart(PartitionManifest manifest, RetentionPolicy policy, PartitionLog log) {
        long start = manifest.logStartOffset();
        List<SegmentMetadata> segments = manifest.segments();
        if (policy.kind() == RetentionPolicy.Kind.TIME) {
            long cutoff = time.milliseconds() - policy.limit();
            for (SegmentMetadata s : segments) {
                if (s.maxTimestamp() >= cutoff) {
                    break;
                }
                start = s.lastOffset() + 1;
            }
            return start;
        }
        long size = log.bytesFrom(manifest.endOffset());
        for (SegmentMetadata s : segments) {
            size += s.sizeBytes();
        }
        for (SegmentMetadata s : segments) {
            if (size - s.sizeBytes() < policy.limit()) {
                break;
            }
            size -= s.sizeBytes();
            start = s.lastOffset() + 1;
        }
        return start;
    }

    /** The partition's leader epoch as the controller has it (the manifest's when unknown). */
    private int writerEpoch(TopicPartition tp, PartitionManifest manifest) {
        for (PartitionMetadata p : metadata.partitions(tp.topic())) {
            if (p.partition() == tp.partition()) {
                return p.leaderEpoch();
            }
        }
        return manifest.leaderEpoch();
    }

    /** The partition's manifest disappeared (topic deleted) while retention was about to change it. */
    private static final class PartitionGone extends RuntimeException {
        PartitionGone(TopicPartition tp) {
            super(tp + " has no manifest any more", null, false, false);
        }
    }
}
