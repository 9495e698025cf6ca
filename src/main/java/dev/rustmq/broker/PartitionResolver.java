package dev.rustmq.broker;

import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Checks a request's topic and partition against controller metadata: the partition must exist
 * and this broker must lead it, else UNKNOWN_TOPIC_OR_PARTITION or NOT_LEADER (the client refreshes
 * metadata and retries). Metadata is cached per topic for {@code ttlMs} so the produce and fetch
 * paths do not read the metadata store per request; changes made through this node invalidate
 * the cache at once.
 */
public final class PartitionResolver {
    private final StorageMetadata metadata;
    private final String brokerId;
    private final Time time;
    private final long ttlMs;
    private final Consumer<String> onInvalidate;
    /** How old cached metadata must be before a refusal is checked against a fresh read. */
    static final long RECHECK_MS = 100;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A partition this broker leads, with its topic's settings. */
    public record Led(TopicMetadata topic, PartitionMetadata partition) {
    }

    private record Cached(Optional<TopicMetadata> topic, List<PartitionMetadata> partitions, long loadedAtMs) {
    }

    public PartitionResolver(StorageMetadata metadata, String brokerId, Time time, long ttlMs) {
        this(metadata, brokerId, time, ttlMs, topic -> { });
    }

    /** {@code onInvalidate}: told of every topic forgotten here, so a cache below this one forgets it too. */
    public PartitionResolver(StorageMetadata metadata, String brokerId, Time time, long ttlMs,
                             Consumer<String> onInvalidate) {
        this.metadata = metadata;
        this.brokerId = brokerId;
        this.time = time;
        this.ttlMs = ttlMs;
        this.onInvalidate = onInvalidate;
    }

    /**
     * The partition this broker leads, with its topic. A refusal that cached metadata gave
     * (NOT_LEADER, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION) is checked once more against
     * metadata read now when the cached copy is older than {@value #RECHECK_MS} ms: a client that
     * just learnt the new leader is not sent away by this broker's older copy.
     */
    public Led resolve(String topic, int partition) {
        try {
            return resolve(load(topic), topic, partition);
        } catch (RustMqException refused) {
            Cached c = cache.get(topic);
            if (!refused.code().invalidatesMetadata() || c == null
                    || time.milliseconds() - c.loadedAtMs() < RECHECK_MS) {
                throw refused;
            }
            invalidate(topic); // past any cache below this one too: the refusal is checked at the source
            return resolve(load(topic), topic, partition);
        }
    }

    private Led resolve(Cached c, String topic, int partition) {
        TopicMetadata t = c.topic().orElseThrow(() -> new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                "topic \"" + topic + "\" does not exist"));
        if (partition < 0 || partition >= t.partitionCount()) {
            throw new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic \"" + topic + "\" has partitions 0.."
                    + (t.partitionCount() - 1) + ", not " + partition);
        }
        PartitionMetadata p = c.partitions().stream().filter(m -> m.partition() == partition).findFirst()
                .orElseThrow(() -> new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + topic + "-"
                        + partition + " has no placement yet"));
        if (!p.hasLeader()) {
            throw new RustMqException(ErrorCode.LEADER_NOT_AVAILABLE, "partition " + topic + "-" + partition
                    + " has no leader: none of its in-sync replicas " + p.isr() + " is live");
        }
        if (!brokerId.equals(p.leader())) {
            throw new RustMqException(ErrorCode.NOT_LEADER, "broker " + brokerId + " does not lead " + topic + "-"
                    + partition + "; its leader is broker " + p.leader());
        }
        return new Led(t, p);
    }

    /** Forgets what is cached for a topic (created, changed or deleted through this node). */
    public void invalidate(String topic) {
        onInvalidate.accept(topic);
        cache.remove(topic);
    }

    private Cached load(String topic) {
        long now = time.milliseconds();
        Cached c = cache.get(topic);
        if (c == null || now - c.loadedAtMs() >= ttlMs) {
            c = new Cached(metadata.topic(topic), metadata.partitions(topic), now);
            cache.put(topic, c);
        }
        return c;
    }
}
