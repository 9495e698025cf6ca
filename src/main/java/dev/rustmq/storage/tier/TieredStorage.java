package dev.rustmq.storage.tier;

import dev.rustmq.common.Backoff;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.storage.cache.BatchCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.OffsetAndTimestamp;
import dev.rustmq.storage.log.RemoteLog;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.object.RetryingObjectStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Tiered storage of one broker: sealed segments go to object storage, their manifests to the
 * controller's metadata store, the WAL is trimmed behind them, and reads below the WAL come back
 * through the read cache. Also the {@link RemoteLog} the partition logs read through.
 *
 * <p>Life cycle: construct; pass it to {@link LogManager#open} as the remote log; {@link #start}
 * with the opened logs; {@link #close} before the logs. It owns its threads: one that seals,
 * commits and trims; {@code max_concurrent_uploads} upload threads; cold-read threads; one that
 * runs retention and the orphan sweep every {@code retention_check_interval_ms} and deletes a
 * deleted topic's objects ({@link RetentionEnforcer}, {@link OrphanSweeper}).
 */
public final class TieredStorage implements RemoteLog, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TieredStorage.class.getName());
    private static final int COLD_READ_THREADS = 4;

    private final ObjectStore store;
    private final StorageMetadata metadata;
    private final TierOptions options;
    private final Time time;
    private final ManifestCache manifests;
    private final RemoteReader reader;
    private final ScheduledExecutorService thread;
    private final ExecutorService coldReads;
    private final SegmentUploader uploader;
    private final SealPolicy policy;
    private final TierStats stats;
    private final long retentionCheckIntervalMs;
    /** Retention, orphan sweeps and a deleted topic's clean-up: object deletes block, so not on the tiering thread. */
    private final ScheduledExecutorService retentionThread;
    private final RetentionStats retentionStats;
    private final OrphanSweeper sweeper;
    private volatile Tiering tiering;
    private volatile RetentionEnforcer retention;

    public TieredStorage(ObjectStore store, StorageMetadata metadata, BatchCache writeCache, BatchCache readCache,
                         TierOptions options, Time time) {
        this(store, metadata, writeCache, readCache, options,
                dev.rustmq.config.ObjectStorageConfig.DEFAULT_RETENTION_CHECK_INTERVAL_MS, time);
    }

    /** @param retentionCheckIntervalMs how often retention and the orphan sweep run ({@code retention_check_interval_ms}) */
    public TieredStorage(ObjectStore store, StorageMetadata metadata, BatchCache writeCache, BatchCache readCache,
                         TierOptions options, long retentionCheckIntervalMs, Time time) {
        this(store, metadata, writeCache, readCache, options, retentionCheckIntervalMs, time, DataPlaneObserver.NOOP);
    }

    /** Tiered storage that also reports segment uploads, failures and retries to {@code observer} (metrics). */
    public TieredStorage(ObjectStore store, StorageMetadata metadata, BatchCache writeCache, BatchCache readCache,
                         TierOptions options, long retentionCheckIntervalMs, Time time, DataPlaneObserver observer) {
        if (retentionCheckIntervalMs <= 0) {
            throw new IllegalArgumentException("retention check interval must be positive: " + retentionCheckIntervalMs);
        }
        this.stats = new TierStats(time, observer);
        this.retentionStats = new RetentionStats(observer);
        if (store instanceof RetryingObjectStore retrying) {
            // Only segment objects are put: the store's quick put retries are upload retries too.
            retrying.retryListener((operation, throttled) -> {
                if (operation.equals("put")) {
                    stats.uploadRetried();
                }
            });
        }
        this.retentionCheckIntervalMs = retentionCheckIntervalMs;
        this.retentionThread = Executors.newSingleThreadScheduledExecutor(daemon("rustmq-retention"));
        this.sweeper = new OrphanSweeper(store, metadata, retentionStats);
        this.store = store;
        this.metadata = metadata;
        this.options = options;
        this.time = time;
        this.manifests = new ManifestCache(new PartitionManifests(metadata));
        ScheduledThreadPoolExecutor tieringThread = new ScheduledThreadPoolExecutor(1, daemon("rustmq-tiering"));
        // On close, checks and retries not yet due are dropped; the one running finishes (see close()).
        tieringThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = tieringThread;
        this.coldReads = Executors.newFixedThreadPool(COLD_READ_THREADS, daemon("rustmq-cold-read"));
        this.reader = new RemoteReader(store, manifests, new SegmentIndexCache(store, options.indexCacheBytes()),
                writeCache, readCache, options.readAheadBytes(), options.readAheadChunks(), coldReads);
        this.uploader = new SegmentUploader(store, options.maxConcurrentUploads(), thread, uploadBackoff(options),
                time, stats);
        this.policy = new SealPolicy(metadata, options, time);
    }

    /** Doubles per failed upload; a store that asked us to slow down (throttled) waits the maximum at once. */
    static Backoff uploadBackoff(TierOptions options) {
        return Backoff.exponential(options.retryBackoffMs(), options.maxRetryBackoffMs())
                .whenThrottled(Backoff.exponential(options.maxRetryBackoffMs(), options.maxRetryBackoffMs()));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts sealing and uploading the partitions of {@code logs} (opened with this as their remote log). */
    public void start(LogManager logs) {
        Tiering t = new Tiering(logs, manifests, uploader, policy, options, time, thread, stats);
        tiering = t;
        logs.addAppendListener(t::onAppended);
        time.scheduleWithFixedDelay(thread, t::check, 0, options.checkIntervalMs(), TimeUnit.MILLISECONDS);
        retention = new RetentionEnforcer(logs, metadata, manifests, store, time, retentionStats);
        time.scheduleWithFixedDelay(retentionThread, this::retentionPass, retentionCheckIntervalMs,
                retentionCheckIntervalMs, TimeUnit.MILLISECONDS);
        LOG.info(() -> "tiered storage to " + store.describe() + ": segments of " + options.segmentBytes()
                + " bytes or " + options.uploadIntervalMs() + " ms, " + options.maxConcurrentUploads()
                + " concurrent uploads");
    }

    /** Runs a seal/trim check now (tests; the schedule runs it every {@code checkIntervalMs}). */
    public CompletableFuture<Void> checkNow() {
        Tiering t = tiering;
        if (t == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("tiered storage is not started"));
        }
        return CompletableFuture.runAsync(t::check, thread);
    }

    /** Runs a retention pass now (tests; the schedule runs one every {@code retention_check_interval_ms}). */
    public CompletableFuture<Void> retentionNow() {
        if (retention == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("tiered storage is not started"));
        }
        return CompletableFuture.runAsync(this::retentionPass, retentionThread);
    }

    /** Every partition's retention policy, then the orphan sweep; failures wait for the next pass. */
    private void retentionPass() {
        try {
            retention.enforceAll();
            sweeper.sweepAll();
            retentionStats.passes.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "retention pass failed; the next one retries: " + e.getMessage(), e);
        }
    }

    /**
     * The topic was deleted (its metadata and manifests are gone): deletes its objects in the
     * background. What fails, or an upload that lands later, goes with a later orphan sweep.
     */
    public CompletableFuture<Void> topicDeleted(String topic) {
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    sweeper.sweepTopic(topic);
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.WARNING, "objects of deleted topic " + topic
                            + " are left for the next orphan sweep: " + e.getMessage(), e);
                }
            }, retentionThread);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Counters of retention and object clean-up. */
    public RetentionStats retentionStats() {
        return retentionStats;
    }

    public TierStats stats() {
        return stats;
    }

    /** Bytes in this broker's partition logs not yet recorded in a manifest. */
    public long uploadLagBytes() {
        Tiering t = tiering;
        return t == null ? 0 : t.uploadLagBytes();
    }

    /** Seconds the oldest data not yet in a manifest has waited since it became durable; 0 when none waits. */
    public double uploadLagSeconds() {
        Tiering t = tiering;
        return t == null ? 0.0 : t.uploadLagNanos() / 1e9;
    }

    /** Threads for reads that may block on object storage (fetches below the WAL, read-ahead). */
    public Executor coldReadExecutor() {
        return coldReads;
    }

    /** The partition's manifest as this broker knows it. */
    public Optional<PartitionManifest> manifest(TopicPartition tp) {
        return manifests.get(tp);
    }

    // ---- RemoteLog

    @Override
    public Optional<Bounds> bounds(TopicPartition partition) {
        return manifests.get(partition).map(m -> new Bounds(m.logStartOffset(), m.endOffset()));
    }

    @Override
    public List<ByteBuffer> read(TopicPartition partition, long offset, long endOffset, int maxBytes) {
        return reader.read(partition, offset, endOffset, maxBytes);
    }

    @Override
    public Optional<OffsetAndTimestamp> offsetForTimestamp(TopicPartition partition, long timestamp, long endOffset) {
        return reader.offsetForTimestamp(partition, timestamp, endOffset);
    }

    @Override
    public Collection<TopicPartition> partitions() {
        List<TopicPartition> result = new ArrayList<>();
        for (TopicMetadata topic : metadata.topics()) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                if (manifests.get(tp).isPresent()) {
                    result.add(tp);
                }
            }
        }
        return result;
    }

    @Override
    public void partitionDeleted(TopicPartition partition) {
        manifests.forget(partition);
        reader.partitionDeleted(partition);
        policy.forget(partition.topic());
    }

    @Override
    public void close() {
        retentionThread.shutdownNow();
        uploader.close();
        coldReads.shutdownNow();
        // Not interrupted: a trim in progress writes the WAL's checkpoint, and an interrupt would
        // close the WAL's file channel under it (ClosedByInterruptException).
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("the tiering thread did not finish within 10 s; interrupting it");
                thread.shutdownNow();
            }
            coldReads.awaitTermination(10, TimeUnit.SECONDS);
            retentionThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
