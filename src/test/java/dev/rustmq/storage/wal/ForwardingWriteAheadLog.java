package dev.rustmq.storage.wal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** A WAL that passes every call to another: test WALs override only the calls they change. */
public class ForwardingWriteAheadLog implements WriteAheadLog {
    private final WriteAheadLog delegate;

    public ForwardingWriteAheadLog(WriteAheadLog delegate) {
        this.delegate = delegate;
    }

    @Override
    public void recover(BiConsumer<WalPosition, ByteBuffer> consumer) {
        delegate.recover(consumer);
    }

    @Override
    public CompletableFuture<WalPosition> append(ByteBuffer payload, long timeoutMs) {
        return delegate.append(payload, timeoutMs);
    }

    @Override
    public boolean waitsForRoom() {
        return delegate.waitsForRoom();
    }

    @Override
    public void awaitRoom(int payloadBytes, long timeoutMs) throws InterruptedException {
        delegate.awaitRoom(payloadBytes, timeoutMs);
    }

    @Override
    public ByteBuffer read(WalPosition position) {
        return delegate.read(position);
    }

    @Override
    public void trim(long offset) {
        delegate.trim(offset);
    }

    @Override
    public long startOffset() {
        return delegate.startOffset();
    }

    @Override
    public long endOffset() {
        return delegate.endOffset();
    }

    @Override
    public long sizeBytes() {
        return delegate.sizeBytes();
    }

    @Override
    public long capacityBytes() {
        return delegate.capacityBytes();
    }

    @Override
    public boolean isHealthy() {
        return delegate.isHealthy();
    }

    @Override
    public WalStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
