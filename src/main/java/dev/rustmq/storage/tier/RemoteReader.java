package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads batches back from segment objects: manifest → segment → its index → one ranged GET of the
 * batches not already cached, each checked ({@link SegmentBatches}). What it fetches goes to the
 * read cache only, never the write cache, so catch-up readers cannot evict the hot tail. A reader
 * that continues where its last read ended is sequential: a window of chunks ahead of it, each one
 * ranged GET of about {@code readAheadBytes} and its own task, is kept fetched or in flight
 * ({@link ReadAheadWindow}), so one reader has several GETs in flight.
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
    /** How many chunks a sequential reader gets fetched ahead of it: a few, bounded by the read cache. */
    private final int windowChunks;
    /** Per sequential reader's partition, what is fetched or in flight ahead of it. */
    private final Map<TopicPartition, ReadAheadWindow> windows = new ConcurrentHashMap<>();
    /**
     * Bumped when a partition is deleted (before its cached batches are dropped): a read that
     * started before may not put the old partition's batches in the read cache afterwards, where
     * a re-created partition of the same name would find them. Guarded by itself.
     */
    private final Map<TopicPartition, Long> generations = new java.util.HashMap<>();

    RemoteReader(ObjectStore store, ManifestCache manifests, SegmentIndexCache indexes, BatchCache writeCache,
                 BatchCache readCache, int readAheadBytes, int readAheadChunks, Executor readAheadExecutor) {
        this.store = store;
        this.manifests = manifests;
        this.indexes = indexes;
        this.writeCache = writeCache;
        this.readCache = readCache;
        this.readAheadBytes = readAheadBytes;
        this.readAheadExecutor = readAheadExecutor;
        this.windowChunks = windowChunks(readAheadBytes, readAheadChunks, readCache.capacityBytes());
    }

    /**
     * {@code chunks} of {@code chunkBytes}, but at most an eighth of the read cache (at least one
     * chunk), so a few readers' windows cannot evict what the others fetched before they read it.
     */
    static int windowChunks(int chunkBytes, int chunks, long readCacheBytes) {
        if (chunkBytes <= 0 || chunks <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(chunks, readCacheBytes / 8 / chunkBytes));
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
        Long previousEnd = lastReadEnd.get(tp);
        boolean sequential = previousEnd != null && previousEnd == offset;
        ReadAheadWindow window = sequential ? windows.get(tp) : null;
        if (!sequential) {
            abandonWindow(tp); // a seek: what was read ahead of the old position is not waited for
        }
        if (window != null) {
            // The chunk holding the offset first: it may be loading the index this read needs.
            awaitChunks(tp, window, manifest, offset, offset + 1);
        }
        List<SegmentSpan> spans = plan(manifest, offset, Math.min(endOffset, manifest.endOffset()), maxBytes, true);
        if (spans.isEmpty()) {
            throw new RustMqException(ErrorCode.STORAGE_ERROR, "offset " + offset + " of " + tp
                    + " is neither in the WAL nor in object storage (manifest ends at " + manifest.endOffset() + ")");
        }
        long next = spans.get(spans.size() - 1).end();
        if (window != null) {
            // Wait for what is being fetched ahead rather than fetch the same bytes again.
            awaitChunks(tp, window, manifest, offset, next);
        }
        List<ByteBuffer> result = new ArrayList<>();
        for (SegmentSpan span : spans) {
            result.addAll(batches(tp, generation, span, true));
        }
        lastReadEnd.put(tp, next);
        if (sequential && windowChunks > 0 && next < manifest.endOffset()) {
            ReadAheadWindow current = windows.computeIfAbsent(tp, k -> new ReadAheadWindow(generation, next));
            current.advanceTo(next);
            extend(tp, current, manifest);
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
     * The whole batches from {@code offset} below {@code endOffset}, up to {@code maxBytes} but at
     * least one, as spans of one segment each. {@code counted}: a consumer's read, which crosses
     * into the next segment only when that costs no index GET.
     */
    private List<SegmentSpan> plan(PartitionManifest manifest, long offset, long endOffset, int maxBytes,
                                   boolean counted) {
        List<SegmentSpan> spans = new ArrayList<>();
        long next = offset;
        long bytes = 0;
        while (next < endOffset) {
            SegmentMetadata segment = manifest.segmentFor(next);
            if (segment == null) {
                break;
            }
            SegmentSpan span = span(segment, indexes.get(segment), next, endOffset, spans.isEmpty() ? Long.MAX_VALUE
                    : maxBytes - bytes, maxBytes - bytes);
            if (span == null) {
                break;
            }
            spans.add(span);
            bytes += span.bytes();
            next = span.end();
            if (span.to() + 1 < span.index().size()) {
                break; // stopped inside this segment (full, or at the end offset)
            }
            SegmentMetadata following = manifest.segmentFor(next);
            if (counted && (following == null || !indexes.contains(following))) {
                break;
            }
        }
        return spans;
    }

    /**
     * The batches of one segment from the one holding {@code offset}, below {@code endOffset}: the
     * first if it fits in {@code firstBudget}, then more while they fit in {@code budget}; null if
     * the first does not fit.
     */
    private static SegmentSpan span(SegmentMetadata segment, SegmentIndex index, long offset, long endOffset,
                                    long firstBudget, long budget) {
        int from = index.indexOf(offset);
        if (from < 0) {
            throw new RustMqException(ErrorCode.STORAGE_ERROR, "segment " + segment.key() + " has no batch holding "
                    + offset);
        }
        SegmentIndex.Entry first = index.entry(from);
        if (first.lastOffset() >= endOffset || first.size() > firstBudget) {
            return null;
        }
        int to = from;
        long taken = first.size();
        while (to + 1 < index.size()) {
            SegmentIndex.Entry e = index.entry(to + 1);
            if (e.lastOffset() >= endOffset || taken + e.size() > budget) {
                break;
            }
            taken += e.size();
            to++;
        }
        return new SegmentSpan(segment, index, from, to);
    }

    /** A read-ahead chunk from {@code offset}: the batches of its segment from there, about {@code readAheadBytes}. */
    private SegmentSpan chunkSpan(SegmentMetadata segment, SegmentIndex index, long offset, long endOffset) {
        return span(segment, index, offset, endOffset, Long.MAX_VALUE, readAheadBytes);
    }

    /** Batches {@code from..to} of a segment: from the caches where they are, the rest with one ranged GET per gap. */
    private List<ByteBuffer> batches(TopicPartition tp, long generation, SegmentSpan span, boolean counted) {
        SegmentMetadata segment = span.segment();
        SegmentIndex index = span.index();
        int from = span.from();
        int to = span.to();
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

    /** Plans chunks until the window holds {@link #windowChunks} ahead of its reader, and queues them. */
    private void extend(TopicPartition tp, ReadAheadWindow window, PartitionManifest manifest) {
        List<ReadAheadWindow.Chunk> added = new ArrayList<>();
        synchronized (window) {
            long from = window.plannedEnd();
            while (from != ReadAheadWindow.UNKNOWN && from < manifest.endOffset()
                    && window.chunksAhead() < windowChunks) {
                SegmentMetadata segment = manifest.segmentFor(from);
                if (segment == null) {
                    break;
                }
                ReadAheadWindow.Chunk chunk;
                if (indexes.contains(segment)) {
                    SegmentSpan span = chunkSpan(segment, indexes.get(segment), from, manifest.endOffset());
                    if (span == null) {
                        break;
                    }
                    chunk = ReadAheadWindow.Chunk.planned(from, span);
                } else {
                    // Its index is loaded by the chunk's own task, not by the reader here.
                    chunk = ReadAheadWindow.Chunk.unplanned(from, segment);
                }
                window.add(chunk);
                added.add(chunk);
                from = window.plannedEnd();
            }
        }
        for (ReadAheadWindow.Chunk chunk : added) {
            submit(tp, window, manifest, chunk);
        }
    }

    private void submit(TopicPartition tp, ReadAheadWindow window, PartitionManifest manifest,
                        ReadAheadWindow.Chunk chunk) {
        try {
            readAheadExecutor.execute(() -> {
                if (!chunk.claim()) {
                    return; // a reader got there first and fetches these batches itself, or the window was abandoned
                }
                fetchChunk(tp, window, manifest, chunk);
            });
        } catch (RejectedExecutionException e) {
            if (chunk.claim()) {
                window.unplannable(chunk);
                chunk.finish();
            }
        }
    }

    /** Fetches a claimed chunk into the read cache; always finishes it. */
    private void fetchChunk(TopicPartition tp, ReadAheadWindow window, PartitionManifest manifest,
                            ReadAheadWindow.Chunk chunk) {
        try {
            SegmentSpan span = chunk.span;
            if (span == null) {
                try {
                    span = chunkSpan(chunk.segment, indexes.get(chunk.segment), chunk.from, manifest.endOffset());
                } finally {
                    if (span == null) {
                        window.unplannable(chunk);
                    } else {
                        window.planned(chunk, span.end());
                    }
                }
                if (span == null) {
                    return;
                }
                if (windows.get(tp) == window) {
                    // Its end is known now: the chunks after it start while it fetches.
                    extend(tp, window, manifest);
                }
            }
            batches(tp, window.generation, span, false);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "read-ahead of " + tp + " from " + chunk.from + " failed: " + e.getMessage(), e);
        } finally {
            chunk.finish();
        }
    }

    /** Waits for the window's chunks holding offsets in {@code [from, to)}; one still queued is fetched here. */
    private void awaitChunks(TopicPartition tp, ReadAheadWindow window, PartitionManifest manifest, long from,
                             long to) {
        for (ReadAheadWindow.Chunk chunk : window.overlapping(from, to)) {
            if (chunk.claim()) {
                // Done here, so a read on the read-ahead threads never waits for their queue.
                fetchChunk(tp, window, manifest, chunk);
            } else {
                chunk.done.join();
            }
        }
    }

    private void abandonWindow(TopicPartition tp) {
        ReadAheadWindow window = windows.remove(tp);
        if (window != null) {
            window.abandon();
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
                SegmentSpan one = new SegmentSpan(segment, index, i, i);
                RecordBatch batch = RecordBatch.wrap(batches(tp, generation, one, true).get(0));
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
        abandonWindow(tp);
    }
}
