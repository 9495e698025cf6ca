package dev.rustmq.bench;

import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the calls and bytes that go through to a store, so a benchmark can say what a phase asked of it. */
final class CountingObjectStore implements ObjectStore {
    /** Calls and bytes so far. */
    record Counts(long puts, long putBytes, long gets, long getBytes) {
        Counts minus(Counts before) {
            return new Counts(puts - before.puts, putBytes - before.putBytes, gets - before.gets,
                    getBytes - before.getBytes);
        }
    }

    private final ObjectStore store;
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong putBytes = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong getBytes = new AtomicLong();

    CountingObjectStore(ObjectStore store) {
        this.store = store;
    }

    Counts counts() {
        return new Counts(puts.get(), putBytes.get(), gets.get(), getBytes.get());
    }

    @Override
    public void put(String key, ByteBuffer data) {
        int bytes = data.remaining();
        store.put(key, data);
        puts.incrementAndGet();
        putBytes.addAndGet(bytes);
    }

    @Override
    public ByteBuffer get(String key) {
        ByteBuffer b = store.get(key);
        gets.incrementAndGet();
        getBytes.addAndGet(b.remaining());
        return b;
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        ByteBuffer b = store.getRange(key, offset, length);
        gets.incrementAndGet();
        getBytes.addAndGet(b.remaining());
        return b;
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
