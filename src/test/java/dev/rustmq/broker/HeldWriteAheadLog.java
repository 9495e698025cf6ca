package dev.rustmq.broker;

import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import dev.rustmq.storage.wal.WalPosition;
import dev.rustmq.storage.wal.WalStats;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * An in-memory WAL whose appends can be held un-acknowledged until the test releases them: a
 * slow fsync (or slow replicas) on demand, without waiting on a real clock.
 */
final class HeldWriteAheadLog implements WriteAheadLog {
    private final MemoryWriteAheadLog wal = new MemoryWriteAheadLog(1L << 30);
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    /** From now on appends are stored but not acknowledged until {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    /** Acknowledges every held append, in order, and stops holding. */
    void release() {
        List<Runnable> acks;
        synchronized (this) {
            holding = false;
            acks = new ArrayList<>(held);
            held.clear();
        }
        acks.forEach(Runnable::run);
    }

    @Override
    public synchronized CompletableFuture<WalPosition> append(ByteBuffer payload, long timeoutMs) {
        CompletableFuture<WalPosition> stored = wal.append(payload, timeoutMs);
        if (!holding || stored.isCompletedExceptionally()) {
            return stored;
        }
        CompletableFuture<WalPosition> acked = new CompletableFuture<>();
        held.add(() -> acked.complete(stored.join()));
        return acked;
    }

    @Override
    public void recover(BiConsumer<WalPosition, ByteBuffer> consumer) {
        wal.recover(consumer);
    }

    @Override
    public ByteBuffer read(WalPosition position) {
        return wal.read(position);
    }

    @Override
    public void trim(long offset) {
        wal.trim(offset);
    }

    @Override
    public long startOffset() {
        return wal.startOffset();
    }

    @Override
    public long endOffset() {
        return wal.endOffset();
    }

    @Override
    public long capacityBytes() {
        return wal.capacityBytes();
    }

    @Override
    public boolean isHealthy() {
        return wal.isHealthy();
    }

    @Override
    public WalStats stats() {
        return wal.stats();
    }

    @Override
    public void close() {
        wal.close();
    }
}
