package dev.rustmq.storage.tier;

import dev.rustmq.common.Backoff;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.FencedLeaderEpochException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.log.StoredBatch;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The upload pipeline, run on one thread: seal → upload → manifest → trim.
 * <ol>
 * <li>Seal: a partition's batches not yet sealed become a segment once they reach
 *     {@code segmentBytes}, once the oldest waited {@code uploadIntervalMs} (or the topic's
 *     {@link SealPolicy overrides}), or when the WAL is {@code walPressure} full.</li>
 * <li>Upload: the {@link SegmentUploader} puts the object, retrying until it is stored.</li>
 * <li>Commit: uploaded segments are appended to the manifest strictly in offset order (a later
 *     segment that finished first waits); a fenced epoch stops the partition's uploads.</li>
 * <li>Trim: the WAL is trimmed by {@link WalTrimmer}'s rule, never past a batch not in a manifest.</li>
 * </ol>
 */
final class Tiering {
    private static final Logger LOG = Logger.getLogger(Tiering.class.getName());
    private static final long NONE = Long.MIN_VALUE;

    private final LogManager logs;
    private final WriteAheadLog wal;
    private final ManifestCache manifests;
    private final SegmentUploader uploader;
    private final TierOptions options;
    private final Time time;
    private final ScheduledExecutorService thread;
    private final Backoff backoff;
    /** Touched only on {@link #thread}. */
    private final Map<TopicPartition, PartitionUploads> partitions = new HashMap<>();
    /** When data first waited unsealed, per partition (monotonic ns; NONE = nothing waits); set on the WAL writer. */
    private final Map<TopicPartition, AtomicLong> waitingSince = new ConcurrentHashMap<>();
    /** When the oldest data sealed but not yet in the manifest started waiting, per partition (for upload lag). */
    private final Map<TopicPartition, Long> sealedSince = new ConcurrentHashMap<>();
    private final TierStats stats;
    private final SealPolicy policy;

    Tiering(LogManager logs, ManifestCache manifests, SegmentUploader uploader, SealPolicy policy, TierOptions options,
            Time time, ScheduledExecutorService thread, TierStats stats) {
        this.stats = stats;
        this.policy = policy;
        this.logs = logs;
        this.wal = logs.wal();
        this.manifests = manifests;
        this.uploader = uploader;
        this.options = options;
        this.time = time;
        this.thread = thread;
        this.backoff = Backoff.exponential(options.retryBackoffMs(), options.maxRetryBackoffMs());
        long now = time.nanoseconds();
        for (PartitionLog log : logs.partitionLogs()) {
            if (log.bytesFrom(Math.max(log.uploadedEnd(), log.logStartOffset())) > 0) {
                // Replayed from the WAL and not uploaded: count its age from now.
                waitingSince(log.partition()).set(now);
            }
        }
    }

    TierStats stats() {
        return stats;
    }

    /** Called on the WAL writer when a partition's data became durable: notes when data started waiting. */
    void onAppended(TopicPartition tp) {
        waitingSince(tp).compareAndSet(NONE, time.nanoseconds());
    }

    private AtomicLong waitingSince(TopicPartition tp) {
        return waitingSince.computeIfAbsent(tp, k -> new AtomicLong(NONE));
    }

    /** Seals what is due, then trims. Runs on the tiering thread. */
    void check() {
        boolean pressure = wal.sizeBytes() >= options.walPressure() * wal.capacityBytes();
        Set<TopicPartition> live = new HashSet<>();
        for (PartitionLog log : logs.partitionLogs()) {
            if (log.isFollower()) {
                // The leader uploads; a follower's WAL is trimmed behind the leader's manifest. Its
                // upload state starts afresh if it leads again (from what the manifest has by then).
                manifests.forget(log.partition());
                continue;
            }
            live.add(log.partition());
            PartitionUploads p = partitions.get(log.partition());
            if (p == null || p.log != log) {
                if (p != null) {
                    abandon(p);
                }
                p = new PartitionUploads(log);
                partitions.put(log.partition(), p);
            }
            if (!p.fenced) {
                seal(p, pressure);
            }
        }
        partitions.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                return false;
            }
            abandon(e.getValue());
            waitingSince.remove(e.getKey());
            return true;
        });
        trim();
    }

    private void seal(PartitionUploads p, boolean pressure) {
        TopicPartition tp = p.log.partition();
        long waiting = p.log.bytesFrom(p.sealedEnd);
        if (waiting == 0) {
            return;
        }
        SealPolicy.Limits limits = policy.limits(tp.topic());
        AtomicLong since = waitingSince(tp);
        long sinceNanos = since.get();
        boolean aged = sinceNanos != NONE
                && time.nanoseconds() - sinceNanos >= TimeUnit.MILLISECONDS.toNanos(limits.intervalMs());
        boolean all = pressure || aged;
        long from = p.sealedEnd;
        while (waiting > 0 && (all || waiting >= limits.segmentBytes())) {
            List<StoredBatch> batches = p.log.batchesFrom(from, limits.segmentBytes());
            if (batches.isEmpty()) {
                break;
            }
            SealedSegment segment = new SealedSegment(tp, metadata(tp, limits.topicId(), batches),
                    sinceNanos != NONE ? sinceNanos : time.nanoseconds());
            p.inFlight.addLast(segment);
            sealedSince.putIfAbsent(tp, segment.waitingSinceNanos);
            from = segment.lastOffset() + 1;
            waiting -= batches.stream().mapToLong(StoredBatch::sizeBytes).sum();
            upload(p, segment);
        }
        if (from != p.sealedEnd) {
            p.sealedEnd = from;
            if (p.log.bytesFrom(from) == 0) {
                // Everything that waited is sealed; data arriving from now on starts a new wait.
                since.set(NONE);
                if (p.log.highWatermark() > from) {
                    since.compareAndSet(NONE, time.nanoseconds());
                }
            }
        }
    }

    private static SegmentMetadata metadata(TopicPartition tp, String topicId, List<StoredBatch> batches) {
        StoredBatch first = batches.get(0);
        StoredBatch last = batches.get(batches.size() - 1);
        long data = 0;
        long maxTimestamp = Long.MIN_VALUE;
        for (StoredBatch b : batches) {
            data += b.sizeBytes();
            maxTimestamp = Math.max(maxTimestamp, b.maxTimestamp());
        }
        // The segment carries the epoch of the leader that wrote its newest batch: this broker's.
        int epoch = last.leaderEpoch();
        long size = data + (long) batches.size() * SegmentIndex.ENTRY_SIZE + SegmentFooter.SIZE;
        SegmentKey key = new SegmentKey(tp, first.baseOffset(), last.lastOffset(), epoch, topicId);
        return new SegmentMetadata(key.key(), first.baseOffset(), last.lastOffset(), epoch, size, maxTimestamp);
    }

    private void upload(PartitionUploads p, SealedSegment segment) {
        SegmentMetadata m = segment.metadata;
        segment.upload = uploader.upload(m.key(), () -> build(p.log, m));
        segment.upload.whenComplete((ok, error) -> onThread(() -> uploaded(p, segment, error)));
    }

    /** The segment object, read from the write cache or the WAL (which holds it until it is in the manifest). */
    private ByteBuffer build(PartitionLog log, SegmentMetadata m) {
        List<ByteBuffer> batches = log.readForUpload(m.baseOffset(), m.lastOffset() + 1);
        SegmentWriter.Built built = SegmentWriter.write(batches, m.leaderEpoch());
        if (built.footer().lastOffset() != m.lastOffset() || built.footer().objectSize() != m.sizeBytes()) {
            throw new IllegalStateException("segment " + m.key() + " no longer matches the log: " + built.footer());
        }
        stats.uploadedBytes.addAndGet(m.sizeBytes());
        return built.object();
    }

    private void uploaded(PartitionUploads p, SealedSegment segment, Throwable error) {
        if (error != null) {
            return; // abandoned (partition deleted, tiering closed): the data stays in the WAL
        }
        if (partitions.get(p.log.partition()) != p) {
            return; // the partition was deleted: the object is garbage for a later clean-up
        }
        if (p.fenced) {
            deleteIfUnreferenced(p.log.partition(), segment.metadata.key());
            return;
        }
        segment.uploaded = true;
        commit(p);
    }

    /** Appends the uploaded segments at the front to the manifest, then trims. */
    private void commit(PartitionUploads p) {
        if (p.commitRetryScheduled || partitions.get(p.log.partition()) != p || p.fenced) {
            return;
        }
        if (logs.partition(p.log.partition()).orElse(null) != p.log) {
            return; // deleted (or deleted and re-created) since it was sealed: never record it
        }
        List<SealedSegment> ready = p.committable();
        if (ready.isEmpty()) {
            return;
        }
        TopicPartition tp = p.log.partition();
        List<SegmentMetadata> segments = new ArrayList<>(ready.size());
        int epoch = p.log.leaderEpoch();
        for (SealedSegment s : ready) {
            segments.add(s.metadata);
            epoch = Math.max(epoch, s.leaderEpoch());
        }
        try {
            PartitionManifest manifest = manifests.store().append(tp, epoch, segments);
            manifests.put(tp, manifest);
            p.log.markUploaded(ready.get(ready.size() - 1).lastOffset() + 1);
            ready.forEach(s -> p.inFlight.removeFirst());
            SealedSegment next = p.inFlight.peekFirst();
            if (next == null) {
                sealedSince.remove(tp);
            } else {
                sealedSince.put(tp, next.waitingSinceNanos);
            }
            p.commitFailures = 0;
            stats.committedSegments.addAndGet(ready.size());
            stats.committedBytes.addAndGet(segments.stream().mapToLong(SegmentMetadata::sizeBytes).sum());
        } catch (FencedLeaderEpochException e) {
            LOG.warning(() -> "uploads of " + tp + " stop: " + e.getMessage() + "; its data stays in the WAL");
            p.fenced = true;
            manifests.forget(tp);
            for (SealedSegment s : p.inFlight) {
                s.upload.cancel(false);
                if (s.uploaded) {
                    deleteIfUnreferenced(tp, s.metadata.key());
                }
            }
            p.inFlight.clear();
            return;
        } catch (RuntimeException e) {
            p.commitFailures++;
            long delay = backoff.delayMs(p.commitFailures);
            LOG.log(Level.WARNING, "cannot record segments " + segments.get(0).key() + ".. in the manifest of " + tp
                    + " (attempt " + p.commitFailures + "): " + e.getMessage() + "; retrying in " + delay + " ms", e);
            p.commitRetryScheduled = true;
            try {
                time.schedule(thread, () -> {
                    p.commitRetryScheduled = false;
                    commit(p);
                }, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closing
            }
            return;
        }
        trim();
    }

    private void trim() {
        try {
            long before = wal.startOffset();
            long after = WalTrimmer.trim(wal, logs);
            if (after > before) {
                stats.trimmedBytes.addAndGet(after - before);
            }
        } catch (RuntimeException e) {
            stats.trimRefusals.incrementAndGet();
            LOG.log(Level.SEVERE, "WAL trim refused: " + e.getMessage(), e);
        }
    }

    /** Deletes a fenced upload's object unless the manifest (a commit whose outcome we missed) uses it. */
    private void deleteIfUnreferenced(TopicPartition tp, String key) {
        try {
            boolean used = manifests.store().load(tp)
                    .map(m -> m.segments().stream().anyMatch(s -> s.key().equals(key))).orElse(false);
            if (!used) {
                uploader.deleteQuietly(key);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot check whether " + key + " is used; keeping it: " + e.getMessage(), e);
        }
    }

    private void abandon(PartitionUploads p) {
        sealedSince.remove(p.log.partition());
        for (SealedSegment s : p.inFlight) {
            s.upload.cancel(false);
        }
        p.inFlight.clear();
    }

    /** Bytes in partition logs not yet in a manifest (sealed or not). Any thread. */
    long uploadLagBytes() {
        long bytes = 0;
        for (PartitionLog log : logs.partitionLogs()) {
            bytes += log.bytesFrom(Math.max(log.uploadedEnd(), log.logStartOffset()));
        }
        return bytes;
    }

    /**
     * Nanoseconds the oldest data not yet in a manifest has waited since it became durable (since
     * start-up for data replayed from the WAL); 0 when everything is uploaded. Any thread.
     */
    long uploadLagNanos() {
        long now = time.nanoseconds();
        long oldest = now;
        for (long since : sealedSince.values()) {
            oldest = Math.min(oldest, since);
        }
        for (AtomicLong since : waitingSince.values()) {
            long s = since.get();
            if (s != NONE) {
                oldest = Math.min(oldest, s);
            }
        }
        return now - oldest;
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closed) {
            // closing: what is not committed stays in the WAL and is uploaded after the restart
        }
    }
}
