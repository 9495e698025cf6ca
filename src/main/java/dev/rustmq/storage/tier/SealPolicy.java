package dev.rustmq.storage.tier;

import dev.rustmq.common.Time;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When a partition's data is sealed: the broker's {@code [wal] segment_size_bytes} and
 * {@code upload_interval_ms}, unless the topic overrides them ({@code segment_size_bytes},
 * {@code segment_ms} in its configs). Topic settings (and the topic id, part of segment keys) are
 * cached for a few seconds so the seal check does not read the metadata store for every partition
 * every time; a deleted topic's entry is dropped at once.
 */
final class SealPolicy {
    private static final Logger LOG = Logger.getLogger(SealPolicy.class.getName());
    private static final long TTL_MS = 5_000;

    /** Seal at this many bytes waiting, or once the oldest waited this long; the topic's id for keys ("" unknown). */
    record Limits(long segmentBytes, long intervalMs, String topicId) {
    }

    private record Cached(Limits limits, long loadedNanos) {
    }

    private final StorageMetadata metadata;
    private final Limits defaults;
    /** A topic's segment_size_bytes is held to this too (segments are built in memory). */
    private final long maxSegmentBytes;
    private final Time time;
    private final Map<String, Cached> topics = new ConcurrentHashMap<>();

    SealPolicy(StorageMetadata metadata, TierOptions options, Time time) {
        this.metadata = metadata;
        this.defaults = new Limits(options.segmentBytes(), options.uploadIntervalMs(), "");
        this.maxSegmentBytes = Math.max(options.segmentBytes(), TierOptions.maxSegmentBytes(options.maxConcurrentUploads()));
        this.time = time;
    }

    Limits limits(String topic) {
        long now = time.nanoseconds();
        Cached c = topics.get(topic);
        if (c == null || now - c.loadedNanos() >= TimeUnit.MILLISECONDS.toNanos(TTL_MS)) {
            c = new Cached(load(topic), now);
            topics.put(topic, c);
        }
        return c.limits();
    }

    /** The topic was deleted: a re-created one must not be sealed with the old one's settings or id. */
    void forget(String topic) {
        topics.remove(topic);
    }

    private Limits load(String topic) {
        try {
            Optional<TopicMetadata> t = metadata.topic(topic);
            if (t.isEmpty()) {
                return defaults;
            }
            Map<String, String> configs = t.get().configs();
            return new Limits(Math.min(maxSegmentBytes, positive(configs.get("segment_size_bytes"), defaults.segmentBytes())),
                    positive(configs.get("segment_ms"), defaults.intervalMs()), t.get().topicId());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "topic settings of " + topic + " unavailable, sealing by the broker's: " + e, e);
            return defaults;
        }
    }

    private static long positive(String value, long dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            long v = Long.parseLong(value.trim());
            return v > 0 ? v : dflt;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
