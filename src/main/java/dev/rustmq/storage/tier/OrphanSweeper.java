package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.object.ObjectStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes segment objects that no manifest uses and none ever will:
 * <ul>
 * <li>a deleted topic's (the topic is gone, or the key carries another topic id: re-created);</li>
 * <li>ranges below the manifest's log start (a retention delete that failed);</li>
 * <li>ranges starting below the manifest's end that it does not name (fenced or re-cut uploads:
 *     a manifest only ever appends at its end, so they can never join it).</li>
 * </ul>
 * Everything else is kept, in particular objects at or beyond a live partition's manifest end and
 * objects of a live partition without a manifest: uploads that may be about to be committed.
 *
 * <p>Safe against races because the listing comes first and the metadata after it: what an
 * object's fate depends on (topic gone, log start, manifest end) only moves one way.
 */
final class OrphanSweeper {
    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class.getName());
    static final String ROOT = "topics/";

    private final ObjectStore store;
    private final StorageMetadata metadata;
    private final RetentionStats stats;

    OrphanSweeper(ObjectStore store, StorageMetadata metadata, RetentionStats stats) {
        this.store = store;
        this.metadata = metadata;
        this.stats = stats;
    }

    /** Sweeps every segment object. */
    void sweepAll() {
        sweep(ROOT);
    }

    /** Sweeps one topic's objects (after it was deleted). */
    void sweepTopic(String topic) {
        sweep(ROOT + topic + "/");
    }

    private void sweep(String prefix) {
        List<ObjectInfo> objects = store.list(prefix);
        Map<String, Optional<TopicMetadata>> topics = new HashMap<>();
        Map<TopicPartition, Optional<PartitionManifest>> manifests = new HashMap<>();
        for (ObjectInfo object : objects) {
            Optional<SegmentKey> parsed = SegmentKey.parse(object.key());
            if (parsed.isEmpty()) {
                continue; // not ours
            }
            SegmentKey key = parsed.get();
            TopicPartition tp = key.partition();
            Optional<TopicMetadata> topic = topics.computeIfAbsent(tp.topic(), metadata::topic);
            String reason = reasonToDelete(key, object.key(), topic,
                    () -> manifests.computeIfAbsent(tp, p -> metadata.manifest(p.topic(), p.partition())));
            if (reason != null) {
                delete(object, reason);
            }
        }
    }

    /** Why the object is garbage, or null to keep it. */
    static String reasonToDelete(SegmentKey key, String objectKey, Optional<TopicMetadata> topic,
                                 java.util.function.Supplier<Optional<PartitionManifest>> manifest) {
        if (topic.isEmpty()) {
            return "its topic was deleted";
        }
        String liveId = topic.get().topicId();
        if (!key.topicId().isEmpty() && liveId != null && !liveId.isEmpty() && !key.topicId().equals(liveId)) {
            return "it belongs to a deleted topic of the same name (id " + key.topicId() + ")";
        }
        if (key.partition().partition() >= topic.get().partitionCount()) {
            return "its partition does not exist";
        }
        Optional<PartitionManifest> found = manifest.get();
        if (found.isEmpty()) {
            return null; // a first upload may be about to be committed
        }
        PartitionManifest m = found.get();
        if (m.segments().stream().anyMatch(s -> s.key().equals(objectKey))) {
            return null;
        }
        if (key.lastOffset() < m.logStartOffset()) {
            return "it is below the log start " + m.logStartOffset();
        }
        if (key.baseOffset() < m.endOffset()) {
            return "the manifest holds its offsets from other objects";
        }
        return null; // beyond the manifest's end: an upload about to be committed
    }

    private void delete(ObjectInfo object, String reason) {
        try {
            store.delete(object.key());
            stats.orphanDeleted(object.size());
            LOG.info(() -> "deleted " + object.key() + " (" + object.size() + " bytes): " + reason);
        } catch (RuntimeException e) {
            stats.deleteFailed();
            LOG.log(Level.WARNING, "cannot delete unused object " + object.key() + "; next pass retries: "
                    + e.getMessage(), e);
        }
    }
}
