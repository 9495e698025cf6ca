package dev.rustmq.storage.log;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.cache.CacheKey;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.WalPosition;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One partition's log: dense offsets assigned at append, batches stored in the broker's shared
 * WAL, an offset index over them, and the bounds a reader sees. A batch becomes visible (below
 * the high watermark) only once the WAL has made it durable.
 */
public final class PartitionLog {
    private final TopicPartition partition;
    private final WriteAheadLog wal;
    private final WriteCache writeCache;
    private final ReadCache readCache;
    private final long appendTimeoutMs;
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
    private volatile long logStartOffset;
    private volatile boolean deleted;

    PartitionLog(TopicPartition partition, WriteAheadLog wal, WriteCache writeCache, ReadCache readCache,
                 long appendTimeoutMs, Consumer<TopicPartition> onAppended) {
        this.onAppended = onAppended;
        this.partition = partition;
        this.wal = wal;
        this.writeCache = writeCache;
        this.readCache = readCache;
        this.appendTimeoutMs = appendTimeoutMs;
    }

    public TopicPartition partition() {
        return partition;
    }

    /**
     * Validates a producer's batch (CRC and structure), gives it the next offsets and the leader
     * epoch by rewriting only its header, and appends it to the WAL. The future completes when the
     * batch is durable and readable.
     */
    public CompletableFuture<LogAppendResult> append(ByteBuffer producerBatch, int leaderEpoch) {
        ByteBuffer payload = WalEntryCodec.batch(partition, producerBatch);
        int batchPosition = WalEntryCodec.batchPosition(partition);
        RecordBatch batch;
        try {
            batch = RecordBatch.wrap(payload.duplicate().position(batchPosition));
            batch.validate();
        } catch (RustMqException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (batch.sizeInBytes() != producerBatch.remaining()) {
            return CompletableFuture.failedFuture(new RustMqException(ErrorCode.CORRUPT_MESSAGE, "the request holds "
                    + producerBatch.remaining() + " bytes but its batch is " + batch.sizeInBytes()
                    + " bytes; send one batch per append"));
        }
        appendLock.lock();
        try {
            if (deleted) {
                return CompletableFuture.failedFuture(new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "partition " + partition + " was deleted"));
            }
            long base = nextOffset;
            batch.setBaseOffset(base);
            batch.setLeaderEpoch(leaderEpoch);
            CompletableFuture<WalPosition> written = wal.append(payload, appendTimeoutMs);
            if (written.isCompletedExceptionally()) {
                // Rejected before it was queued (WAL full): no offset was used.
                return written.thenApply(p -> null);
            }
            nextOffset = batch.lastOffset() + 1;
            // Registered under the lock so completions, even synchronous ones, run in offset order.
            return written.thenApply(position -> {
                BatchLocation location = new BatchLocation(base, batch.lastOffset(), leaderEpoch, batch.maxTimestamp(),
                        position, batchPosition, batch.sizeInBytes());
                onDurable(location, batch.buffer());
                return new LogAppendResult(base, location.lastOffset(), location.lastOffset() + 1);
            });
        } finally {
            appendLock.unlock();
        }
    }

    private void onDurable(BatchLocation location, ByteBuffer batchBytes) {
        synchronized (indexLock) {
            index.add(location);
            highWatermark = location.lastOffset() + 1;
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
        synchronized (indexLock) {
            if (index.isEmpty()) {
                logStartOffset = location.baseOffset();
            }
            index.add(location);
            highWatermark = location.lastOffset() + 1;
        }
        nextOffset = location.lastOffset() + 1;
    }

    /**
     * Whole batches from {@code offset}, up to {@code maxBytes} but always at least one batch when
     * any is visible. Offsets at the high watermark return nothing; outside the log's bounds throw
     * OFFSET_OUT_OF_RANGE.
     */
    public LogReadResult read(long offset, int maxBytes) {
        List<BatchLocation> locations;
        long hw;
        long start;
        synchronized (indexLock) {
            hw = highWatermark;
            start = logStartOffset;
            if (offset < start || offset > hw) {
                throw new OffsetOutOfRangeException("offset " + offset + " is outside partition " + partition
                        + " [" + start + ", " + hw + "]");
            }
            if (offset == hw) {
                return new LogReadResult(List.of(), start, hw, Math.max(hw, nextOffset));
            }
            locations = index.range(index.indexOf(offset), hw, maxBytes);
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
            for (Record record : batch.records()) {
                if (record.timestamp() >= timestamp) {
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
        ByteBuffer payload = wal.read(location.walPosition());
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

    public long highWatermark() {
        return highWatermark;
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
