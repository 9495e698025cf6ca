package dev.rustmq.storage.tier;

import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.LogReadResult;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** A broker's storage with tiering over in-memory WAL, metadata and object store, on a mock clock. */
final class TierHarness implements AutoCloseable {
    final MockTime time;
    final MetadataStore metadata;
    final ObjectStore objectStore;
    /** The object store when it is a {@link FaultyObjectStore}, else null. */
    final FaultyObjectStore store;
    final WriteAheadLog wal;
    final WriteCache writeCache;
    final ReadCache readCache;
    final TieredStorage tier;
    final LogManager logs;

    TierHarness(TierOptions options) {
        this(options, new MemoryWriteAheadLog(64L << 20), new MemoryMetadataStore(), new FaultyObjectStore(),
                8L << 20, new MockTime());
    }

    TierHarness(TierOptions options, WriteAheadLog wal, MetadataStore metadata, ObjectStore store,
                long writeCacheBytes, MockTime time) {
        this(options, wal, metadata, store, writeCacheBytes, time, 5_000);
    }

    TierHarness(TierOptions options, WriteAheadLog wal, MetadataStore metadata, ObjectStore store,
                long writeCacheBytes, MockTime time, long appendTimeoutMs) {
        this(options, wal, metadata, store, writeCacheBytes, time, appendTimeoutMs,
                dev.rustmq.config.ObjectStorageConfig.DEFAULT_RETENTION_CHECK_INTERVAL_MS);
    }

    TierHarness(TierOptions options, WriteAheadLog wal, MetadataStore metadata, ObjectStore store,
                long writeCacheBytes, MockTime time, long appendTimeoutMs, long retentionCheckIntervalMs) {
        this.time = time;
        this.metadata = metadata;
        this.objectStore = store;
        this.store = store instanceof FaultyObjectStore f ? f : null;
        this.wal = wal;
        this.writeCache = new WriteCache(writeCacheBytes);
        this.readCache = new ReadCache(8L << 20);
        this.tier = new TieredStorage(objectStore, metadata, writeCache, readCache, options, retentionCheckIntervalMs,
                time);
        this.logs = LogManager.open(wal, writeCache, readCache, tier, appendTimeoutMs, time);
        tier.start(logs);
    }

    void check() {
        tier.checkNow().join();
    }

    /**
     * Moves the clock {@code stepMs} at a time until {@code done} holds, so what waits for a timer
     * (an upload retry, a scheduled check or retention pass) gets its turn.
     */
    void advanceUntil(long stepMs, Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (done.call()) {
                return true;
            }
            time.sleep(stepMs);
            return false;
        });
    }

    Optional<PartitionManifest> manifest(TopicPartition tp) {
        return metadata.manifest(tp.topic(), tp.partition());
    }

    long uploadedEnd(TopicPartition tp) {
        return manifest(tp).map(PartitionManifest::endOffset).orElse(0L);
    }

    PartitionLog log(TopicPartition tp) {
        return logs.partition(tp).orElseThrow();
    }

    /** Every visible batch of a partition from its log start, as bytes, read the way consumers do. */
    List<ByteBuffer> readAll(TopicPartition tp, int maxBytes) {
        PartitionLog log = log(tp);
        List<ByteBuffer> batches = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.highWatermark()) {
            LogReadResult r = logs.read(tp, next, maxBytes);
            if (r.batches().isEmpty()) {
                throw new AssertionError("no batch at " + next + " of " + tp);
            }
            for (ByteBuffer b : r.batches()) {
                dev.rustmq.protocol.record.RecordBatch batch = dev.rustmq.protocol.record.RecordBatch.wrap(b.duplicate());
                batch.validate();
                if (batch.baseOffset() != next) {
                    throw new AssertionError("batch at " + batch.baseOffset() + " where " + next + " was expected");
                }
                batches.add(b);
                next = batch.lastOffset() + 1;
            }
        }
        return batches;
    }

    @Override
    public void close() {
        tier.close();
        logs.close();
    }
}
