package dev.rustmq.storage.log;

import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.cache.CacheKey;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.errors.WalStorageException;
import dev.rustmq.storage.wal.WalFrame;
import dev.rustmq.storage.wal.WalPosition;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One partition's log: dense offsets assigned at append, batches stored in the broker's shared
 * WAL, an offset index over them, and the bounds a reader sees. A batch becomes visible (below
 * the high watermark) only once the WAL has made it durable.
 *
 * <p>With tiering, the log is {@code [logStart, uploadedEnd)} in object storage ({@link RemoteLog})
 * followed by what the WAL holds (the index); the two may overlap until the WAL is trimmed. Reads
 * below the index go to the remote log.
 */
public final class PartitionLog {
    private static final Logger LOG = Logger.getLogger(PartitionLog.class.getName());

    private final TopicPartition partition;
    private final WriteAheadLog wal;
    private final WriteCache writeCache;
    private final ReadCache readCache;
    private final RemoteLog remote;
    private final long appendTimeoutMs;
    private final Time time;
    /** Where appends wait for WAL room; null: they wait in {@link #append} itself. */
    private final WalRoomWaiter roomWaiter;
    /** Told when new data became visible (wakes long-polling fetches); runs on the WAL writer. */
    private final Consumer<TopicPartition> onAppended;

    /** Serialises offset assignment with the WAL enqueue, so WAL order is offset order. */
    private final ReentrantLock appendLock = new ReentrantLock();
    private volatile long nextOffset;

    /**
     * Guards index, highWatermark and logStartOffset, and orders cache fills with {@link #markDeleted}:
     * once deleted, this log puts nothing more in the caches the partition's next incarnation shares.
     */
    private final Object indexLock = new Object();
    private final OffsetIndex index = new OffsetIndex();
    private volatile long highWatermark;
    /** The end of what this broker holds durably: the high watermark unless replicas must confirm first. */
    private volatile long durableEnd;
    /**
     * Whether the high watermark waits for replicas ({@link #advanceHighWatermark}); otherwise it
     * follows {@link #durableEnd}, as for a partition with one replica.
     */
    private volatile boolean replicated;
    /** Whether this broker follows the partition: it copies the leader's batches and never uploads. */
    private volatile boolean follower;
    /**
     * Whether the high watermark was taken from the WAL at start-up (its durable end) rather than
     * confirmed: true for one replica, but with replicas that end may hold records they never
     * confirmed, so {@link #setReplicated} drops back to what is surely committed.
     */
    private boolean recoveredHighWatermark;
    private volatile int leaderEpoch = -1;
    private volatile long logStartOffset;
    private volatile boolean deleted;
    /** Offsets below this are recorded in the partition's manifest (in object storage). */
    private volatile long uploadedEnd;
    /** Whether the remote log holds any of this partition (then logStartOffset comes from it). */
    private volatile boolean hasRemote;
    /**
     * Appends queued in the WAL but not yet in the index, by a lower bound of their WAL offset
     * (the WAL's end when queued) with a count: the WAL must not be trimmed past them. Guarded by indexLock.
     */
    private final TreeMap<Long, Integer> appendsInFlight = new TreeMap<>();
    /** Idempotent producers' last batches; guarded by appendLock. */
    private final ProducerStates producers = new ProducerStates();
    /** A truncation was replayed at start-up: rebuild {@link #producers} from the index before the next append. */
    private boolean producersStale;

    PartitionLog(TopicPartition partition, WriteAheadLog wal, WriteCache writeCache, ReadCache readCache,
                 long appendTimeoutMs, Consumer<TopicPartition> onAppended) {
        this(partition, wal, writeCache, readCache, RemoteLog.NONE, appendTimeoutMs, Time.SYSTEM, null, onAppended);
    }

    PartitionLog(TopicPartition partition, WriteAheadLog wal, WriteCache writeCache, ReadCache readCache,
                 RemoteLog remote, long appendTimeoutMs, Time time, WalRoomWaiter roomWaiter,
                 Consumer<TopicPartition> onAppended) {
        this.time = time;
        this.roomWaiter = roomWaiter;
        this.onAppended = onAppended;
        this.partition = partition;
        this.wal = wal;
        this.writeCache = writeCache;
        this.readCache = readCache;
        this.remote = remote;
        this.appendTimeoutMs = appendTimeoutMs;
        remote.bounds(partition).ifPresent(b -> {
            // The log continues after what was uploaded (the WAL replay may add more).
            hasRemote = true;
            logStartOffset = b.logStartOffset();
            uploadedEnd = b.endOffset();
            highWatermark = b.endOffset();
            durableEnd = b.endOffset();
            nextOffset = b.endOffset();
        });
    }

    public TopicPartition partition() {
        return partition;
    }

    /**
     * Validates a producer's batch (CRC and structure), gives it the next offsets and the leader
     * epoch by rewriting only its header, and appends it to the WAL. The future completes when the
     * batch is durable and readable. When the WAL is full the append waits for room up to the
     * append timeout, on the WAL room thread (never the caller's: that is a transport event loop),
     * then fails with {@code WAL_FULL} having used no offset.
     */
    public CompletableFuture<LogAppendResult> append(ByteBuffer producerBatch, int leaderEpoch) {
        Incoming in;
        try {
            in = incoming(producerBatch);
        } catch (RustMqException e) {
            return CompletableFuture.failedFuture(e);
        }
        ByteBuffer payload = in.payload();
        int batchPosition = in.batchPosition();
        RecordBatch batch = in.batch();
        lockForAppend();
        try {
            CompletableFuture<LogAppendResult> original;
            try {
                original = producers.check(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                        batch.lastSequence(), partition.toString());
            } catch (RustMqException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (original != null) {
                return original.copy(); // a retry of a batch already appended: its offsets, not a second copy
            }
            CompletableFuture<LogAppendResult> appended = appendNew(payload, batch, batchPosition, leaderEpoch);
            producers.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    appended);
            return appended;
        } finally {
            appendLock.unlock();
        }
    }

    /** Appends a batch that is not a retry: at once, or queued for WAL room; under appendLock. */
    private CompletableFuture<LogAppendResult> appendNew(ByteBuffer payload, RecordBatch batch, int batchPosition,
                                                         int leaderEpoch) {
        {
            if (roomWaiter == null || !wal.waitsForRoom()) {
                return appendLocked(payload, batch, batchPosition, leaderEpoch, appendTimeoutMs);
            }
            // Never wait here (the caller is a transport event loop): with no room, or appends
            // already waiting for it, queue for the WAL room thread.
            if (!roomWaiter.hasWaiting()) {
                CompletableFuture<LogAppendResult> appended = appendLocked(payload, batch, batchPosition, leaderEpoch, 0);
                if (walFull(appended) == null || WalFrame.HEADER_SIZE + (long) payload.remaining() > wal.capacityBytes()) {
                    return appended;
                }
            }
            QueuedAppend queued = new QueuedAppend(payload, batch, batchPosition, leaderEpoch);
            roomWaiter.add(queued);
            return queued.result;
        }
    }

    /**
     * A follower's append of a batch copied from the leader, unchanged: its offsets and leader
     * epoch are the leader's, and it must start at this log's end. Waits for WAL room on the
     * caller's thread (a replica fetcher's, never an event loop) up to the append timeout.
     */
    public CompletableFuture<LogAppendResult> appendReplica(ByteBuffer leaderBatch) {
        Incoming in;
        try {
            in = incoming(leaderBatch);
        } catch (RustMqException e) {
            return CompletableFuture.failedFuture(e);
        }
        ByteBuffer payload = in.payload();
        int batchPosition = in.batchPosition();
        RecordBatch batch = in.batch();
        lockForAppend();
        try {
            if (batch.baseOffset() != nextOffset) {
                return CompletableFuture.failedFuture(new IllegalStateException("the leader's batch of " + partition
                        + " starts at " + batch.baseOffset() + " but this replica's log ends at " + nextOffset));
            }
            CompletableFuture<LogAppendResult> appended = appendLocked(payload, batch, batchPosition,
                    batch.leaderEpoch(), appendTimeoutMs);
            // A follower keeps the producers' state too: as a new leader it must recognise their retries.
            producers.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    appended);
            return appended;
        } finally {
            appendLock.unlock();
        }
    }

    /** A batch on its way in: the WAL entry holding it, where the batch starts in it, and the batch. */
    private record Incoming(ByteBuffer payload, int batchPosition, RecordBatch batch) {
    }

    /** {@code sent} as a WAL entry, its batch checked (CRC, structure, exactly one batch). */
    private Incoming incoming(ByteBuffer sent) {
        ByteBuffer payload = WalEntryCodec.batch(partition, sent);
        int batchPosition = WalEntryCodec.batchPosition(partition);
        RecordBatch batch = RecordBatch.wrap(payload.duplicate().position(batchPosition));
        batch.validate();
        if (batch.sizeInBytes() != sent.remaining()) {
            throw new RustMqException(ErrorCode.CORRUPT_MESSAGE, "the request holds " + sent.remaining()
                    + " bytes but its batch is " + batch.sizeInBytes() + " bytes; send one batch per append");
        }
        return new Incoming(payload, batchPosition, batch);
    }

    /** Takes appendLock, first bringing the producers' state up to date after a replayed cut. */
    private void lockForAppend() {
        appendLock.lock();
        try {
            if (producersStale) {
                rebuildProducerStates();
            }
        } catch (RuntimeException e) {
            appendLock.unlock();
            throw e;
        }
    }

    /**
     * Cuts the log back to {@code offset} (rounded down to a batch boundary): a follower whose tail
     * diverged from a new leader's drops what that leader does not have (KIP-101). Offsets already
     * in the manifest are never cut. The cut is written to the WAL so a restart replays it; the
     * future completes when it is durable. Only when no append is in flight (the fetcher waits).
     */
    public CompletableFuture<Void> truncateTo(long offset) {
        appendLock.lock();
        try {
            long cut;
            synchronized (indexLock) {
                if (!appendsInFlight.isEmpty()) {
                    throw new IllegalStateException("cannot truncate " + partition + " with appends in flight");
                }
                cut = cutIndexAt(Math.max(offset, uploadedEnd));
            }
            writeCache.removePartition(partition);
            readCache.removePartition(partition);
            rebuildProducerStates();
            return wal.append(WalEntryCodec.truncated(partition, cut), appendTimeoutMs).thenApply(p -> null);
        } finally {
            appendLock.unlock();
        }
    }

    /** Drops the indexed batches from the one holding {@code offset}; returns the new end. Under indexLock. */
    private long cutIndexAt(long offset) {
        int i = index.firstEndingAtOrAfter(offset);
        if (i < index.endIndex()) {
            long end = index.get(i).baseOffset();
            index.removeFrom(i);
            durableEnd = end;
            highWatermark = Math.min(highWatermark, end);
            nextOffset = end;
            return end;
        }
        return nextOffset; // nothing indexed at or after it: nothing to cut
    }

    /** Assigns offsets and hands the batch to the WAL, waiting up to {@code timeoutMs} for room; under appendLock. */
    private CompletableFuture<LogAppendResult> appendLocked(ByteBuffer payload, RecordBatch batch, int batchPosition,
                                                            int leaderEpoch, long timeoutMs) {
        if (deleted) {
            return CompletableFuture.failedFuture(new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "partition " + partition + " was deleted"));
        }
        long base = nextOffset;
        batch.setBaseOffset(base);
        batch.setLeaderEpoch(leaderEpoch);
        // Before the WAL gets it: from here until the index holds it, the WAL keeps it (trim rule).
        long walLowerBound = startAppend();
        CompletableFuture<WalPosition> written = wal.append(payload, timeoutMs);
        if (written.isCompletedExceptionally()) {
            endAppend(walLowerBound, null);
            // Rejected before it was queued (WAL full): no offset was used.
            return written.thenApply(p -> null);
        }
        nextOffset = batch.lastOffset() + 1;
        // Registered under the lock so completions, even synchronous ones, run in offset order.
        return written.handle((position, error) -> {
            if (error != null) {
                endAppend(walLowerBound, null);
                throw error instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(error);
            }
            BatchLocation location = new BatchLocation(base, batch.lastOffset(), leaderEpoch, batch.maxTimestamp(),
                    position, batchPosition, batch.sizeInBytes());
            endAppend(walLowerBound, location);
            writeCacheAndNotify(location, batch.buffer());
            return new LogAppendResult(base, location.lastOffset(), location.lastOffset() + 1);
        });
    }

    /** The WAL_FULL that refused {@code appended} at once, or null. */
    private static WalFullException walFull(CompletableFuture<?> appended) {
        if (!appended.isCompletedExceptionally()) {
            return null;
        }
        Throwable error = appended.handle((v, e) -> e).join();
        Throwable cause = Futures.unwrap(error);
        return cause instanceof WalFullException full ? full : null;
    }

    /** An append that found the WAL full, waiting on the {@link WalRoomWaiter} thread until its time is up. */
    private final class QueuedAppend implements WalRoomWaiter.Waiting {
        private final ByteBuffer payload;
        private final RecordBatch batch;
        private final int batchPosition;
        private final int leaderEpoch;
        private final long deadlineNanos = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(appendTimeoutMs);
        final CompletableFuture<LogAppendResult> result = new CompletableFuture<>();

        QueuedAppend(ByteBuffer payload, RecordBatch batch, int batchPosition, int leaderEpoch) {
            this.payload = payload;
            this.batch = batch;
            this.batchPosition = batchPosition;
            this.leaderEpoch = leaderEpoch;
        }

        @Override
        public boolean retry(boolean waitIsOver) {
            appendLock.lock();
            try {
                CompletableFuture<LogAppendResult> appended;
                try {
                    appended = appendLocked(payload, batch, batchPosition, leaderEpoch, 0);
                } catch (RuntimeException e) {
                    appended = CompletableFuture.failedFuture(e);
                }
                WalFullException full = walFull(appended);
                if (full != null && !waitIsOver) {
                    return false;
                }
                roomWaiter.finished();
                if (full != null) {
                    result.completeExceptionally(new WalFullException(full.getMessage() + "; waited " + appendTimeoutMs
                            + " ms"));
                    return true;
                }
                // Under the lock, as in append: completions run in offset order.
                appended.whenComplete((r, e) -> {
                    if (e == null) {
                        result.complete(r);
                    } else {
                        result.completeExceptionally(Futures.unwrap(e));
                    }
                });
                return true;
            } finally {
                appendLock.unlock();
            }
        }

        @Override
        public void awaitRoom() throws InterruptedException {
            wal.awaitRoom(payload.remaining(), Math.max(1,
                    TimeUnit.NANOSECONDS.toMillis(deadlineNanos - time.nanoseconds())));
        }

        @Override
        public boolean waitIsOver() {
            return time.nanoseconds() - deadlineNanos >= 0;
        }

        @Override
        public void fail(RuntimeException e) {
            appendLock.lock();
            try {
                roomWaiter.finished();
            } finally {
                appendLock.unlock();
            }
            result.completeExceptionally(e);
        }
    }

    /** Notes an append about to enter the WAL; returns the lower bound of its WAL offset. */
    private long startAppend() {
        synchronized (indexLock) {
            // Read under the lock, after any earlier entry: the entry's WAL offset is at least this.
            long lowerBound = wal.endOffset();
            appendsInFlight.merge(lowerBound, 1, Integer::sum);
            return lowerBound;
        }
    }

    /** The append left the WAL queue: indexed when {@code location} is given, else failed. */
    private void endAppend(long walLowerBound, BatchLocation location) {
        synchronized (indexLock) {
            if (location != null) {
                index.add(location);
                durableEnd = location.lastOffset() + 1;
                if (!replicated) {
                    highWatermark = durableEnd;
                }
            }
            appendsInFlight.computeIfPresent(walLowerBound, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    private void writeCacheAndNotify(BatchLocation location, ByteBuffer batchBytes) {
        synchronized (indexLock) {
            if (!deleted) {
                writeCache.put(new CacheKey(partition, location.baseOffset()), batchBytes);
            }
        }
        onAppended.accept(partition);
    }

    /** Rebuilds the index from a batch found in the WAL at start-up (called in WAL order). */
    void recover(WalPosition position, ByteBuffer payload, int batchPosition) {
        RecordBatch batch = RecordBatch.wrap(payload.duplicate().position(payload.position() + batchPosition));
        BatchLocation location = new BatchLocation(batch.baseOffset(), batch.lastOffset(), batch.leaderEpoch(),
                batch.maxTimestamp(), position, batchPosition, batch.sizeInBytes());
        if (location.lastOffset() < uploadedEnd) {
            return; // already in object storage (the WAL was not trimmed before the restart)
        }
        synchronized (indexLock) {
            if (index.isEmpty()) {
                if (!hasRemote) {
                    logStartOffset = location.baseOffset();
                } else if (location.baseOffset() != uploadedEnd) {
                    LOG.severe(() -> "partition " + partition + ": the WAL resumes at offset " + location.baseOffset()
                            + " but object storage ends at " + uploadedEnd + "; offsets in between are missing");
                }
            }
            index.add(location);
            highWatermark = location.lastOffset() + 1;
            durableEnd = highWatermark;
            recoveredHighWatermark = true;
        }
        nextOffset = location.lastOffset() + 1;
        producers.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                CompletableFuture.completedFuture(new LogAppendResult(location.baseOffset(), location.lastOffset(),
                        location.lastOffset() + 1)));
    }

    /** Applies a truncation found in the WAL at start-up (called in WAL order). */
    void recoverTruncation(long offset) {
        synchronized (indexLock) {
            cutIndexAt(offset);
        }
        producersStale = true; // rebuilt on the first append, not while the WAL is being replayed
    }

    /** The producers' state from the batches still indexed (after a cut removed some of their batches). */
    private void rebuildProducerStates() {
        producersStale = false;
        List<BatchLocation> locations = new ArrayList<>();
        synchronized (indexLock) {
            for (int i = index.headIndex(); i < index.endIndex(); i++) {
                locations.add(index.get(i));
            }
        }
        producers.clear();
        for (BatchLocation l : locations) {
            RecordBatch batch = RecordBatch.wrap(batchBytes(l));
            producers.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    CompletableFuture.completedFuture(new LogAppendResult(l.baseOffset(), l.lastOffset(),
                            l.lastOffset() + 1)));
        }
    }

    /**
     * Whole batches from {@code offset}, up to {@code maxBytes} but always at least one batch when
     * any is visible. Offsets at the high watermark return nothing; outside the log's bounds throw
     * OFFSET_OUT_OF_RANGE.
     */
    public LogReadResult read(long offset, int maxBytes) {
        return read(offset, maxBytes, false);
    }

    /**
     * A follower's read: as {@link #read} but up to everything this leader holds durably, above
     * the high watermark too (the followers' copies are what moves the high watermark).
     */
    public LogReadResult readForReplica(long offset, int maxBytes) {
        return read(offset, maxBytes, true);
    }

    private LogReadResult read(long offset, int maxBytes, boolean toDurableEnd) {
        List<BatchLocation> locations;
        long hw;
        long start;
        long localStart;
        synchronized (indexLock) {
            hw = toDurableEnd ? durableEnd : highWatermark;
            start = logStartOffset;
            if (offset < start || offset > hw) {
                throw new OffsetOutOfRangeException("offset " + offset + " is outside partition " + partition
                        + " [" + start + ", " + hw + "]");
            }
            if (offset == hw) {
                return new LogReadResult(List.of(), start, hw, Math.max(hw, nextOffset));
            }
            localStart = localStartOffset();
            locations = offset >= localStart ? index.range(index.indexOf(offset), hw, maxBytes) : null;
        }
        if (locations == null) {
            // Below what the WAL holds: from object storage, through the caches.
            return new LogReadResult(remote.read(partition, offset, localStart, maxBytes), start, hw,
                    Math.max(hw, nextOffset));
        }
        List<ByteBuffer> batches = new ArrayList<>(locations.size());
        for (BatchLocation location : locations) {
            batches.add(batchBytes(location));
        }
        return new LogReadResult(batches, start, hw, Math.max(hw, nextOffset));
    }

    /**
     * Kafka's lookup by time: the first visible record whose timestamp is at or after
     * {@code timestamp}, searched from the first batch whose timestamp (or an earlier batch's)
     * reaches it. Empty when no visible record is that late.
     */
    public Optional<OffsetAndTimestamp> offsetForTimestamp(long timestamp) {
        long localStart;
        synchronized (indexLock) {
            localStart = localStartOffset();
        }
        if (logStartOffset < localStart) {
            Optional<OffsetAndTimestamp> found = remote.offsetForTimestamp(partition, timestamp, localStart);
            if (found.isPresent()) {
                return found;
            }
        }
        BatchLocation location;
        synchronized (indexLock) {
            int i = index.indexOfTimestamp(timestamp);
            if (i < 0) {
                return Optional.empty();
            }
            location = index.get(i);
            if (location.baseOffset() >= highWatermark) {
                return Optional.empty();
            }
        }
        // Later batches may hold the match when this one's records are all earlier than the
        // running maximum suggested (timestamps out of order): walk on until one is found.
        while (true) {
            RecordBatch batch = RecordBatch.wrap(batchBytes(location));
            long recordOffset = batch.baseOffset();
            // The WAL may still hold batches below the log start (retention does not wait for the trim).
            long start = logStartOffset;
            for (Record record : batch.records()) {
                if (record.timestamp() >= timestamp && recordOffset >= start) {
                    return Optional.of(new OffsetAndTimestamp(recordOffset, record.timestamp()));
                }
                recordOffset++;
            }
            long offset = location.lastOffset() + 1;
            synchronized (indexLock) {
                if (offset >= highWatermark) {
                    return Optional.empty();
                }
                location = index.get(index.indexOf(offset));
            }
        }
    }

    private ByteBuffer batchBytes(BatchLocation location) {
        CacheKey key = new CacheKey(partition, location.baseOffset());
        ByteBuffer cached = writeCache.get(key);
        if (cached == null) {
            cached = readCache.get(key);
        }
        if (cached != null) {
            return cached;
        }
        ByteBuffer payload;
        try {
            payload = wal.read(location.walPosition());
        } catch (WalStorageException e) {
            if (location.lastOffset() < uploadedEnd) {
                // Trimmed from the WAL since the index was read: it is in object storage.
                return remote.read(partition, location.baseOffset(), location.lastOffset() + 1, 1).get(0);
            }
            throw e;
        }
        ByteBuffer batch = payload.position(location.batchPosition())
                .limit(location.batchPosition() + location.size()).slice();
        synchronized (indexLock) {
            if (!deleted) {
                readCache.put(key, batch);
            }
        }
        return batch.duplicate();
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /**
     * Moves the log start forwards to {@code offset} (retention deleted the objects below it, after
     * recording that in the manifest): reads below it throw OFFSET_OUT_OF_RANGE and ListOffsets
     * EARLIEST answers it. Never moves back, never past the high watermark.
     */
    public void advanceLogStartOffset(long offset) {
        synchronized (indexLock) {
            if (offset > highWatermark) {
                throw new IllegalArgumentException("cannot start " + partition + " at " + offset
                        + ": the high watermark is " + highWatermark);
            }
            logStartOffset = Math.max(logStartOffset, offset);
        }
    }

    /** The first offset the WAL (the index) holds; the high watermark when it holds none. Under indexLock. */
    private long localStartOffset() {
        return index.isEmpty() ? highWatermark : index.first().baseOffset();
    }

    /** Whether a read at {@code offset} would go to object storage (and so may block on it). */
    public boolean isRemote(long offset) {
        synchronized (indexLock) {
            return offset >= logStartOffset && offset < localStartOffset() && offset < highWatermark;
        }
    }

    // ---- tiering: what the uploader and the WAL trim need

    /** Offsets below this are recorded in the partition's manifest. */
    public long uploadedEnd() {
        return uploadedEnd;
    }

    /** Records that the manifest now holds every offset below {@code endOffset}. */
    public void markUploaded(long endOffset) {
        synchronized (indexLock) {
            if (endOffset > highWatermark) {
                throw new IllegalArgumentException("cannot mark " + endOffset + " uploaded in " + partition
                        + ": the high watermark is " + highWatermark);
            }
            hasRemote = true;
            uploadedEnd = Math.max(uploadedEnd, endOffset);
        }
    }

    /** Bytes of the visible batches from the one starting at {@code fromOffset}: what waits for upload. */
    public long bytesFrom(long fromOffset) {
        synchronized (indexLock) {
            return index.bytesBetween(index.firstEndingAtOrAfter(fromOffset), highWatermark);
        }
    }

    /**
     * Visible batches from the one starting at {@code fromOffset} (a batch boundary), up to
     * {@code maxBytes} but at least one: what one segment will hold. Empty when none is visible.
     */
    public List<StoredBatch> batchesFrom(long fromOffset, long maxBytes) {
        synchronized (indexLock) {
            int i = index.indexOf(fromOffset);
            if (i < 0) {
                return List.of();
            }
            if (index.get(i).baseOffset() != fromOffset) {
                throw new IllegalArgumentException(fromOffset + " is not a batch boundary of " + partition);
            }
            List<StoredBatch> result = new ArrayList<>();
            for (BatchLocation l : index.range(i, highWatermark, (int) Math.min(Integer.MAX_VALUE, maxBytes))) {
                result.add(new StoredBatch(l.baseOffset(), l.lastOffset(), l.leaderEpoch(), l.maxTimestamp(), l.size()));
            }
            return result;
        }
    }

    /**
     * The bytes of the batches {@code [fromOffset, toOffset)} for an upload, from the write cache or
     * the WAL (not counted as reads, not put in the read cache). They are not uploaded yet, so the
     * WAL still holds them.
     */
    public List<ByteBuffer> readForUpload(long fromOffset, long toOffset) {
        List<BatchLocation> locations = new ArrayList<>();
        synchronized (indexLock) {
            if (deleted) {
                // Its cached batches may already be a re-created partition's: never upload them as this one's.
                throw new java.util.concurrent.CancellationException("partition " + partition + " was deleted");
            }
            int i = index.indexOf(fromOffset);
            if (i < 0) {
                throw new IllegalStateException("partition " + partition + " no longer holds offset " + fromOffset);
            }
            for (; i < index.endIndex(); i++) {
                BatchLocation l = index.get(i);
                if (l.baseOffset() >= toOffset) {
                    break;
                }
                locations.add(l);
            }
        }
        List<ByteBuffer> batches = new ArrayList<>(locations.size());
        for (BatchLocation l : locations) {
            ByteBuffer cached = writeCache.peek(new CacheKey(partition, l.baseOffset()));
            if (cached != null) {
                batches.add(cached);
            } else {
                ByteBuffer payload = wal.read(l.walPosition());
                batches.add(payload.position(l.batchPosition()).limit(l.batchPosition() + l.size()).slice());
            }
        }
        return batches;
    }

    /**
     * The lowest WAL offset this partition still needs: its oldest append in flight or its first
     * batch not in the manifest; {@link Long#MAX_VALUE} when it needs none. The WAL may be trimmed
     * up to the lowest such offset over all partitions.
     */
    public long firstNeededWalOffset() {
        synchronized (indexLock) {
            long needed = appendsInFlight.isEmpty() ? Long.MAX_VALUE : appendsInFlight.firstKey();
            int i = index.firstEndingAtOrAfter(uploadedEnd);
            if (i < index.endIndex()) {
                needed = Math.min(needed, index.walOffsetAt(i));
            }
            return needed;
        }
    }

    /**
     * Forgets the batches the WAL no longer holds once it is trimmed to {@code walOffset}; reads of
     * them go to object storage. Refuses (and drops nothing) if any is not uploaded.
     */
    public void releaseWalBefore(long walOffset) {
        synchronized (indexLock) {
            int count = 0;
            for (int i = index.headIndex(); i < index.endIndex() && index.walOffsetAt(i) < walOffset; i++) {
                BatchLocation l = index.get(i);
                if (l.lastOffset() >= uploadedEnd) {
                    throw new IllegalStateException("partition " + partition + ": batch " + l.baseOffset() + ".."
                            + l.lastOffset() + " at WAL offset " + l.walPosition().offset()
                            + " is not uploaded (uploaded below " + uploadedEnd + "); the WAL must keep it");
                }
                count++;
            }
            index.removeFirst(count);
        }
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The end of what this broker holds durably (its own copy; at or above the high watermark). */
    public long durableEnd() {
        return durableEnd;
    }

    /**
     * Makes the high watermark wait for replicas ({@code true}: this broker leads or follows a
     * replicated partition) or follow this broker's durable end ({@code false}: one replica).
     */
    public void setReplicated(boolean replicated) {
        synchronized (indexLock) {
            this.replicated = replicated;
            if (!replicated) {
                highWatermark = Math.max(highWatermark, durableEnd);
            } else if (recoveredHighWatermark) {
                // Before serving anything as a replica: only the manifest's part is surely committed;
                // the leader's followers (or the leader, for a follower) confirm the rest again.
                highWatermark = Math.min(durableEnd, Math.max(logStartOffset, uploadedEnd));
            }
            recoveredHighWatermark = false;
        }
    }

    public boolean isReplicated() {
        return replicated;
    }

    /** Marks this broker a follower (it copies the leader's batches and never uploads them) or not. */
    public void setFollower(boolean follower) {
        this.follower = follower;
    }

    /**
     * The leader epoch this broker leads the partition at (-1: not known; single-node logs). Its
     * manifest updates carry it, so a newer leader that raised the manifest's epoch fences an
     * older one's uploads even for batches the older epochs wrote.
     */
    public void setLeaderEpoch(int epoch) {
        this.leaderEpoch = epoch;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public boolean isFollower() {
        return follower;
    }

    /**
     * Moves the high watermark up to {@code offset} (the replicas confirmed it), never past this
     * broker's durable end and never back; returns whether it moved. Wakes waiting readers.
     */
    public boolean advanceHighWatermark(long offset) {
        boolean moved;
        synchronized (indexLock) {
            long next = Math.min(offset, durableEnd);
            moved = next > highWatermark;
            if (moved) {
                highWatermark = next;
            }
        }
        if (moved) {
            onAppended.accept(partition);
        }
        return moved;
    }

    /** The leader epoch of the last batch held, or -1 when none is indexed. */
    public int lastLeaderEpoch() {
        synchronized (indexLock) {
            return index.isEmpty() ? -1 : index.last().leaderEpoch();
        }
    }

    /**
     * Where the log of {@code epoch} ends here: the first offset written by a later epoch, or the
     * durable end when none is. A follower whose copy of that epoch goes further than this diverged
     * and cuts back to it (KIP-101).
     */
    public long endOffsetForEpoch(int epoch) {
        synchronized (indexLock) {
            int i = index.firstWithEpochAbove(epoch);
            return i < index.endIndex() ? index.get(i).baseOffset() : durableEnd;
        }
    }

    /**
     * The largest epoch at or below {@code epoch} that wrote batches held here, with where its
     * batches end (Kafka's OffsetsForLeaderEpoch); {@code epoch} -1 when no batch held here is that
     * old (the answer is then this log's first indexed offset, or its durable end).
     */
    public EpochEnd epochEndFor(int epoch) {
        synchronized (indexLock) {
            int i = index.firstWithEpochAbove(epoch);
            long end = i < index.endIndex() ? index.get(i).baseOffset() : durableEnd;
            if (i == index.headIndex()) {
                return new EpochEnd(-1, end);
            }
            return new EpochEnd(index.leaderEpochAt(i - 1), end);
        }
    }

    /** An epoch and the offset where its batches end. */
    public record EpochEnd(int epoch, long endOffset) {
    }

    /** The offset the next appended record gets (above the high watermark while appends are in flight). */
    public long logEndOffset() {
        return nextOffset;
    }

    /** The leader epoch that wrote the batch holding {@code offset}, or -1 when the log does not hold it. */
    public int leaderEpochOf(long offset) {
        synchronized (indexLock) {
            int i = index.indexOf(offset);
            return i < 0 ? -1 : index.get(i).leaderEpoch();
        }
    }

    /** Refuses further appends and cache fills; the caller then drops the partition's cached batches. */
    void markDeleted() {
        appendLock.lock();
        try {
            synchronized (indexLock) {
                deleted = true;
            }
        } finally {
            appendLock.unlock();
        }
    }
}
