package dev.rustmq.storage.wal;

import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.errors.WalStorageException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * A WAL in memory with the file WAL's offsets, capacity and trim rules but no waiting: a full
 * log fails at once. For fast unit tests of the layers above; "recover" replays what this same
 * object holds, which is how tests simulate a restart that kept the WAL.
 */
public final class MemoryWriteAheadLog implements WriteAheadLog {
    private final long capacityBytes;
    private final ConcurrentSkipListMap<Long, byte[]> entries = new ConcurrentSkipListMap<>();
    private long startOffset;
    private long endOffset;
    private long appends;
    private long bytes;

    public MemoryWriteAheadLog(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    @Override
    public synchronized void recover(BiConsumer<WalPosition, ByteBuffer> consumer) {
        for (Map.Entry<Long, byte[]> e : entries.entrySet()) {
            consumer.accept(new WalPosition(e.getKey(), e.getValue().length), ByteBuffer.wrap(e.getValue().clone()));
        }
    }

    @Override
    public synchronized CompletableFuture<WalPosition> append(ByteBuffer payload, long timeoutMs) {
        int size = payload.remaining();
        if (size == 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("empty WAL entry"));
        }
        if (endOffset - startOffset + WalFrame.HEADER_SIZE + size > capacityBytes) {
            return CompletableFuture.failedFuture(new WalFullException("the WAL is full: " + (endOffset - startOffset)
                    + " of " + capacityBytes + " bytes"));
        }
        byte[] copy = new byte[size];
        payload.duplicate().get(copy);
        WalPosition position = new WalPosition(endOffset, size);
        entries.put(endOffset, copy);
        endOffset = position.nextOffset();
        appends++;
        bytes += size;
        return CompletableFuture.completedFuture(position);
    }

    @Override
    public ByteBuffer read(WalPosition position) {
        byte[] data = entries.get(position.offset());
        if (data == null) {
            throw new WalStorageException("no WAL entry at " + position.offset());
        }
        return ByteBuffer.wrap(data.clone());
    }

    @Override
    public synchronized void trim(long offset) {
        if (offset > endOffset) {
            throw new IllegalArgumentException("cannot trim to " + offset + " past the WAL end " + endOffset);
        }
        startOffset = Math.max(startOffset, offset);
        entries.headMap(startOffset).clear();
    }

    @Override
    public synchronized long startOffset() {
        return startOffset;
    }

    @Override
    public synchronized long endOffset() {
        return endOffset;
    }

    @Override
    public long capacityBytes() {
        return capacityBytes;
    }

    @Override
    public boolean isHealthy() {
        return true;
    }

    @Override
    public synchronized WalStats stats() {
        return new WalStats(appends, bytes, appends, sizeBytes());
    }

    @Override
    public void close() {
    }
}
