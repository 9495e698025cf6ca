package dev.rustmq.bench;

import dev.rustmq.storage.object.ForwardingObjectStore;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the calls and bytes that go through to a store, so a benchmark can say what a phase asked of it. */
final class CountingObjectStore extends ForwardingObjectStore {
    /** Calls, bytes and time spent in them so far. */
    record Counts(long puts, long putBytes, long putNanos, long gets, long getBytes, long getNanos) {
        Counts minus(Counts before) {
            return new Counts(puts - before.puts, putBytes - before.putBytes, putNanos - before.putNanos,
                    gets - before.gets, getBytes - before.getBytes, getNanos - before.getNanos);
        }
    }

    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong putBytes = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong getBytes = new AtomicLong();
    private final AtomicLong putNanos = new AtomicLong();
    private final AtomicLong getNanos = new AtomicLong();

    CountingObjectStore(ObjectStore store) {
        super(store);
    }

    Counts counts() {
        return new Counts(puts.get(), putBytes.get(), putNanos.get(), gets.get(), getBytes.get(), getNanos.get());
    }

    @Override
    public void put(String key, ByteBuffer data) {
        int bytes = data.remaining();
        long start = System.nanoTime();
        delegate.put(key, data);
        putNanos.addAndGet(System.nanoTime() - start);
        puts.incrementAndGet();
        putBytes.addAndGet(bytes);
    }

    @Override
    public ByteBuffer get(String key) {
        long start = System.nanoTime();
        ByteBuffer b = delegate.get(key);
        getNanos.addAndGet(System.nanoTime() - start);
        gets.incrementAndGet();
        getBytes.addAndGet(b.remaining());
        return b;
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        long start = System.nanoTime();
        ByteBuffer b = delegate.getRange(key, offset, length);
        getNanos.addAndGet(System.nanoTime() - start);
        gets.incrementAndGet();
        getBytes.addAndGet(b.remaining());
        return b;
    }
}
