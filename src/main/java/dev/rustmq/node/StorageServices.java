package dev.rustmq.node;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ObjectStorageConfig;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.log.RemoteLog;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.tier.TierOptions;
import dev.rustmq.storage.tier.TieredStorage;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A broker's storage: the object store, the WAL, the write and read caches, the partition logs
 * and tiered storage. Each partition starts from its manifest (what object storage holds) and
 * continues with what the WAL replays. Reads and writes metadata through the
 * {@link StorageMetadata} port only, so it runs the same whether the controller is local or not.
 */
final class StorageServices {
    private static final Logger LOG = Logger.getLogger(StorageServices.class.getName());

    private final StorageMetadata metadata;
    private final ObjectStore objectStore;
    private final TieredStorage tier;
    private final LogManager logs;

    private StorageServices(StorageMetadata metadata, ObjectStore objectStore, TieredStorage tier, LogManager logs) {
        this.metadata = metadata;
        this.objectStore = objectStore;
        this.tier = tier;
        this.logs = logs;
    }

    /**
     * Opens the object store (none when {@code objectStores} is null: no tiering, the WAL keeps
     * everything), the WAL and the partition logs, then starts tiered storage; each is registered
     * with {@code closer} as it opens. Tiered storage is registered after the logs so it stops
     * first: its threads seal, upload and trim the WAL.
     */
    static StorageServices open(RustMqConfig config, StorageMetadata metadata,
                                Function<ObjectStorageConfig, ObjectStore> objectStores, Time time,
                                DataPlaneObserver observer, Closer closer) {
        WriteCache writeCache = new WriteCache(config.cache().writeCacheSizeBytes());
        ReadCache readCache = new ReadCache(config.cache().readCacheSizeBytes());
        ObjectStore objectStore = null;
        TieredStorage tier = null;
        if (objectStores != null) {
            objectStore = closer.register("object store", objectStores.apply(config.objectStorage()));
            tier = new TieredStorage(objectStore, metadata, writeCache, readCache, TierOptions.from(config),
                    config.objectStorage().retentionCheckIntervalMs(), time, observer);
        } else {
            LOG.warning("no object store in this build: tiered storage is off and the WAL is never trimmed");
        }
        LogManager logs;
        try {
            FileWriteAheadLog wal = closer.register("WAL", new FileWriteAheadLog(WalOptions.from(config.wal()), time));
            logs = closer.register("partition logs", LogManager.open(wal, writeCache, readCache,
                    tier != null ? tier : RemoteLog.NONE, config.replication().ackTimeoutMs(), time));
        } catch (RuntimeException e) {
            if (tier != null) {
                try {
                    tier.close(); // not started yet: only its idle threads to stop
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        if (tier != null) {
            closer.register("tiered storage", tier);
        }
        return new StorageServices(metadata, objectStore, tier, logs);
    }

    /**
     * Starts uploads and retention, once every log's role is known (replication assigned them): a
     * follower's log replayed from the WAL must never be uploaded as if this broker led it.
     */
    void startTiering() {
        if (tier != null) {
            tier.start(logs);
        }
    }

    LogManager logs() {
        return logs;
    }

    /** Absent without an object store. */
    Optional<TieredStorage> tier() {
        return Optional.ofNullable(tier);
    }

    /** Readiness: the WAL still accepts writes; the data shows how far uploads are. */
    CheckResult check() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("wal_size_bytes", Long.toString(logs.wal().sizeBytes()));
        data.put("wal_capacity_bytes", Long.toString(logs.wal().capacityBytes()));
        data.put("partitions", Integer.toString(logs.partitionCount()));
        data.put("object_storage", objectStore == null ? "none (tiering off)" : objectStore.describe());
        if (tier != null) {
            data.put("segments_uploaded", Long.toString(tier.stats().committedSegments()));
            data.put("upload_lag_bytes", Long.toString(tier.uploadLagBytes()));
            data.put("upload_lag_seconds", String.format(Locale.ROOT, "%.1f", tier.uploadLagSeconds()));
            data.put("object_storage_upload_rate", String.format(Locale.ROOT, "%.0f",
                    tier.stats().uploadBytesPerSecond()));
        }
        return new CheckResult("storage", logs.wal().isHealthy(), data);
    }

    /** From this broker's log and manifest cache, or the stored manifest when it holds no log of the partition. */
    PartitionDetails partitionDetails(TopicPartition tp) {
        Optional<PartitionLog> log = logs.partition(tp);
        return PartitionDetails.of(log, tier != null ? tier.manifest(tp) : metadata.manifest(tp.topic(),
                tp.partition()));
    }

    long walSizeBytes() {
        return logs.wal().sizeBytes();
    }

    double cacheHitRatio() {
        return logs.cacheHitRatio();
    }

    /** Bytes per second stored in object storage over the last minute; 0 without tiering. */
    double uploadBytesPerSecond() {
        return tier == null ? 0.0 : tier.stats().uploadBytesPerSecond();
    }

    /** Bytes in the partition logs not yet in a manifest; 0 without tiering. */
    long uploadLagBytes() {
        return tier == null ? 0 : tier.uploadLagBytes();
    }

    /** Seconds the oldest data not yet in a manifest has waited; 0 without tiering or when none waits. */
    double uploadLagSeconds() {
        return tier == null ? 0.0 : tier.uploadLagSeconds();
    }
}
