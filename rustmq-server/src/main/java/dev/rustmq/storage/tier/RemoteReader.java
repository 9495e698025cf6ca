package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.PartitionManifest;
import dev.rustmq.controller.SegmentMetadata;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.cache.BatchCache;
import dev.rustmq.storage.cache.CacheKey;
import dev.rustmq.storage.log.OffsetAndTimestamp;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads batches back from segment objects: manifest → segment → its index → one ranged GET of the
 * batches not already cached, each checked ({@link SegmentBatches}). What it fetches goes to the
 * read cache only, never the write cache, so catch-up readers cannot evict the hot tail. A reader
 * that continues where its last read ended is sequential: the next range is fetched ahead into
 * the read cache.
 */
final class RemoteReader {
    private static final Logger LOG = Logger.getLogger(RemoteReader.class.getName());

    private final ObjectStore store;
    private final ManifestCache manifests;
    private final SegmentIndexCache indexes;
    private final BatchCache writeCache;
    private final BatchCache readCache;
    private final int readAheadBytes;
    private final Executor readAheadExecutor;
    /** Per partition, where the last remote read ended: a read starting there is sequential. */
    private final Map<TopicPartition, Long> lastReadEnd = new ConcurrentHashMap<>();
    /** Per partition, the read-ahead queued or running now (at most one). */
    private final Map<TopicPartition, ReadAhead> readingAhead = new ConcurrentHashMap<>();
    /**
     * Bumped when a partition is deleted (before its cached batches are dropped): a read that
     * started before may not put the old partition's batches in the read cache afterwards, where
     * a re-created partition of the same name would find them. Guarded by itself.
     */
    private final Map<TopicPartition, Long> generations = new java.util.HashMap<>();

    RemoteReader(ObjectStore store, ManifestCache manifests, SegmentIndexCache indexes, BatchCache writeCache,
                 BatchCache readCache, int readAheadBytes, Executor readAheadExecutor) {
        this.store = store;
        this.manifests = manifests;
        this.indexes = indexes;
        this.writeCache = writeCache;
        this.readCache = readCache;
        this.readAheadBytes = readAheadBytes;
        this.readAheadExecutor = readAheadExecutor;
    }

    List<ByteBuffer> read(TopicPartition tp, long offset, long endOffset, int maxBytes) {
        try {
            return readFromObjects(tp, offset, endOffset, maxBytes);
        } catch (OffsetOutOfRangeException e) {
            throw e;
        } catch (RuntimeException e) {
            // Retention may have deleted the object while this read used the manifest from before:
            // then the answer is that the offset is gone, not a storage error.
            long start = manifests.get(tp).map(PartitionManifest::logStartOffset).orElse(Long.MIN_VALUE);
            if (offset < start) {
                throw new OffsetOutOfRangeException("offset " + offset + " of " + tp + " is below the log start "
                        + start + " (deleted by retention during the read)");
            }
            throw e;
        }
    }

    private List<ByteBuffer> readFromObjects(TopicPartition tp, long offset, long endOffset, int maxBytes) {
        long generation = generation(tp);
        PartitionManifest manifest = manifest(tp, offset);
        ReadAhead ahead = readingAhead.get(tp);
        if (ahead != null && ahead.from == offset) {
            // This read wants what is being fetched ahead: wait for it rather than fetch the same bytes again.
            // One still queued is done here instead, so a read on the read-ahead threads never waits for their queue.
            if (ahead.claim()) {
                finish(tp, ahead);
            } else {
                ahead.done.join();
            }
        }
        List<ByteBuffer> result = new ArrayList<>();
        long next = collect(tp, generation, manifest, offset, Math.min(endOffset, manifest.endOffset()), maxBytes,
                result, true);
        if (result.isEmpty()) {
            throw new RustMqException(ErrorCode.STORAGE_ERROR, "offset " + offset + " of " + tp
                    + " is neither in the WAL nor in object storage (manifest ends at " + manifest.endOffset() + ")");
        }
        Long previousEnd = lastReadEnd.put(tp, next);
        if (previousEnd != null && previousEnd == offset && readAheadBytes > 0 && next < manifest.endOffset()) {
            readAhead(tp, generation, manifest, next);
        }
        return result;
    }

    private PartitionManifest manifest(TopicPartition tp, long offset) {
        PartitionManifest manifest = manifests.get(tp).orElseThrow(() -> new RustMqException(ErrorCode.STORAGE_ERROR,
                "offset " + offset + " of " + tp + " is below the WAL but " + tp + " has no manifest"));
        if (offset < manifest.logStartOffset()) {
            throw new OffsetOutOfRangeException("offset " + offset + " of " + tp + " is below the log start "
                    + manifest.logStartOffset());
        }
        return manifest;
    }

    /**
     * Adds whole batches from {@code offset} below {@code endOffset} to {@code out}, up to
     * {@code maxBytes} but at least one; returns the offset after the last. {@code counted}: a
     * consumer's read (cache lookups count as hits and misses) rather than a read-ahead.
     */
    private long collect(TopicPartition tp, long generation, PartitionManifest manifest, long offset, long endOffset,
                         int maxBytes, List<ByteBuffer> out, boolean counted) {
        long next = offset;
        long bytes = 0;
        while (next < endOffset) {
            SegmentMetadata segment = manifest.segmentFor(next);
            if (segment == null) {
                break;
            }
            SegmentIndex index = indexes.get(segment);
            int from = index.indexOf(next);
            if (from < 0) {
                throw new RustMqException(ErrorCode.STORAGE_ERROR, "segment " + segment.key() + " has no batch holding "
                        + next);
            }
            SegmentIndex.Entry first = index.entry(from);
            if (first.lastOffset() >= endOffset || (!out.isEmpty() && bytes + first.size() > maxBytes)) {
                break;
            }
            int to = from;
            long taken = bytes + first.size();
            while (to + 1 < index.size()) {
                SegmentIndex.Entry e = index.entry(to + 1);
                if (e.lastOffset() >= endOffset || taken + e.size() > maxBytes) {
                    break;
                }
                taken += e.size();
                to++;
            }
            out.addAll(batches(tp, generation, segment, index, from, to, counted));
            bytes = taken;
            next = index.entry(to).lastOffset() + 1;
            if (to + 1 < index.size()) {
                break; // stopped inside this segment (full, or at the end offset)
            }
            // A consumer's read crosses into the next segment only when that costs no index GETs
            // (read-ahead does cross: preparing the next segment is its point).
            SegmentMetadata following = manifest.segmentFor(next);
            if (counted && (following == null || !indexes.contains(following))) {
                break;
            }
        }
        return next;
    }

    /** Batches {@code from..to} of a segment: from the caches where they are, the rest with one ranged GET per gap. */
    private List<ByteBuffer> batches(TopicPartition tp, long generation, SegmentMetadata segment, SegmentIndex index,
                                     int from, int to, boolean counted) {
        ByteBuffer[] found = new ByteBuffer[to - from + 1];
        for (int i = from; i <= to; i++) {
            CacheKey key = new CacheKey(tp, index.entry(i).baseOffset());
            ByteBuffer cached = counted ? writeCache.get(key) : writeCache.peek(key);
            if (cached == null) {
                cached = counted ? readCache.get(key) : readCache.peek(key);
            }
            found[i - from] = cached;
        }
        int i = from;
        while (i <= to) {
            if (found[i - from] != null) {
                i++;
                continue;
            }
            int gapEnd = i;
            while (gapEnd + 1 <= to && found[gapEnd + 1 - from] == null) {
                gapEnd++;
            }
            SegmentIndex.Entry first = index.entry(i);
            SegmentIndex.Entry last = index.entry(gapEnd);
            long length = last.position() + last.size() - first.position();
            ByteBuffer range = store.getRange(segment.key(), first.position(), Math.toIntExact(length));
            List<ByteBuffer> fetched = SegmentBatches.verify(segment.key(), index, i, gapEnd, range);
            synchronized (generations) {
                boolean current = generations.getOrDefault(tp, 0L) == generation;
                for (int k = i; k <= gapEnd; k++) {
                    ByteBuffer batch = fetched.get(k - i);
                    if (current) {
                        readCache.put(new CacheKey(tp, index.entry(k).baseOffset()), batch);
                    }
                    found[k - from] = batch.asReadOnlyBuffer();
                }
            }
            i = gapEnd + 1;
        }
        return List.of(found);
    }

    private long generation(TopicPartition tp) {
        synchronized (generations) {
            return generations.getOrDefault(tp, 0L);
        }
    }

    private void readAhead(TopicPartition tp, long generation, PartitionManifest manifest, long from) {
        ReadAhead ahead = new ReadAhead(from);
        if (readingAhead.putIfAbsent(tp, ahead) != null) {
            return;
        }
        try {
            readAheadExecutor.execute(() -> {
                if (!ahead.claim()) {
                    return; // a reader got there first and fetches these batches itself
                }
                try {
                    collect(tp, generation, manifest, from, manifest.endOffset(), readAheadBytes, new ArrayList<>(),
                            false);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "read-ahead of " + tp + " from " + from + " failed: " + e.getMessage(), e);
                } finally {
                    finish(tp, ahead);
                }
            });
        } catch (RejectedExecutionException e) {
            finish(tp, ahead);
        }
    }

    private void finish(TopicPartition tp, ReadAhead ahead) {
        readingAhead.remove(tp, ahead);
        ahead.done.complete(null);
    }

    /** A read-ahead from {@code from}: done by whoever claims it first, its task or a reader that needs it now. */
    private static final class ReadAhead {
        final long from;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();

        ReadAhead(long from) {
            this.from = from;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    Optional<OffsetAndTimestamp> offsetForTimestamp(TopicPartition tp, long timestamp, long endOffset) {
        Optional<PartitionManifest> found = manifests.get(tp);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return offsetForTimestamp(tp, found.get(), timestamp, endOffset);
        } catch (RuntimeException e) {
            // Retention may have deleted a segment of the manifest used: once more with the new one.
            Optional<PartitionManifest> now = manifests.get(tp);
            if (now.isPresent() && now.get().version() != found.get().version()) {
                return offsetForTimestamp(tp, now.get(), timestamp, endOffset);
            }
            throw e;
        }
    }

    private Optional<OffsetAndTimestamp> offsetForTimestamp(TopicPartition tp, PartitionManifest manifest,
                                                            long timestamp, long endOffset) {
        long generation = generation(tp);
        for (SegmentMetadata segment : manifest.segments()) {
            if (segment.baseOffset() >= endOffset) {
                break;
            }
            if (segment.maxTimestamp() < timestamp || segment.lastOffset() < manifest.logStartOffset()) {
                continue;
            }
            SegmentIndex index = indexes.get(segment);
            for (int i = 0; i < index.size(); i++) {
                SegmentIndex.Entry e = index.entry(i);
                if (e.baseOffset() >= endOffset) {
                    break;
                }
                if (e.maxTimestamp() < timestamp || e.lastOffset() < manifest.logStartOffset()) {
                    continue;
                }
                RecordBatch batch = RecordBatch.wrap(batches(tp, generation, segment, index, i, i, true).get(0));
                long offset = batch.baseOffset();
                for (Record record : batch.records()) {
                    if (record.timestamp() >= timestamp && offset >= manifest.logStartOffset()) {
                        return Optional.of(new OffsetAndTimestamp(offset, record.timestamp()));
                    }
                    offset++;
                }
            }
        }
        return Optional.empty();
    }

    /** Called before the partition's cached batches are dropped. */
    void partitionDeleted(TopicPartition tp) {
        synchronized (generations) {
            generations.merge(tp, 1L, Long::sum);
        }
        lastReadEnd.remove(tp);
    }
}
