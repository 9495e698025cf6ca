package dev.rustmq.storage.wal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory WAL whose appends can be held un-acknowledged until the test releases them: a
 * slow fsync (or slow replicas) on demand, without waiting on a real clock.
 */
public final class HeldWriteAheadLog extends ForwardingWriteAheadLog {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    public HeldWriteAheadLog() {
        super(new MemoryWriteAheadLog(1L << 30));
    }

    /** From now on appends are stored but not acknowledged until {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Acknowledges every held append, in order, and stops holding. */
    public void release() {
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
        CompletableFuture<WalPosition> stored = super.append(payload, timeoutMs);
        if (!holding || stored.isCompletedExceptionally()) {
            return stored;
        }
        CompletableFuture<WalPosition> acked = new CompletableFuture<>();
        held.add(() -> acked.complete(stored.join()));
        return acked;
    }
}
