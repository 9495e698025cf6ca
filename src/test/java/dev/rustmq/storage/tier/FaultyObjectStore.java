package dev.rustmq.storage.tier;

import dev.rustmq.storage.errors.ObjectStoreException;
import dev.rustmq.storage.object.MemoryObjectStore;
import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MemoryObjectStore} with faults on demand: an outage (every call fails, retriable), a
 * number of failing puts, and a gate that holds puts so tests can count how many run at once.
 */
final class FaultyObjectStore implements ObjectStore {
    final MemoryObjectStore objects = new MemoryObjectStore();
    volatile boolean down;
    final AtomicInteger failingPuts = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger failedPuts = new AtomicInteger();
    final AtomicInteger rangedGets = new AtomicInteger();
    /** Bytes asked for by ranged GETs. */
    final java.util.concurrent.atomic.AtomicLong rangedBytes = new java.util.concurrent.atomic.AtomicLong();
    /** Ranged GETs waiting at {@link #rangeGate} now. */
    final AtomicInteger rangedGetsWaiting = new AtomicInteger();
    final AtomicInteger putsInFlight = new AtomicInteger();
    final AtomicInteger maxPutsInFlight = new AtomicInteger();
    /** When set, each put waits for a permit before storing. */
    volatile Semaphore gate;
    /** Deletes that fail (retriable) before deletes work again. */
    final AtomicInteger failingDeletes = new AtomicInteger();
    /** When set, runs (once) before the next ranged GET reads, so a test can race something with a read. */
    volatile Runnable beforeRangedGet;
    /** When set, each ranged GET (counted first in {@link #rangedGets}) waits for a permit before reading. */
    volatile Semaphore rangeGate;

    private void check(String what) {
        if (down) {
            throw ObjectStoreException.retriable("store is down (" + what + ")", null);
        }
    }

    @Override
    public void put(String key, ByteBuffer data) {
        int now = putsInFlight.incrementAndGet();
        maxPutsInFlight.accumulateAndGet(now, Math::max);
        try {
            Semaphore g = gate;
            if (g != null) {
                g.acquireUninterruptibly();
            }
            if (down || failingPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failedPuts.incrementAndGet();
                throw ObjectStoreException.retriable("put of " + key + " failed (injected)", null);
            }
            objects.put(key, data);
            puts.incrementAndGet();
        } finally {
            putsInFlight.decrementAndGet();
        }
    }

    @Override
    public ByteBuffer get(String key) {
        check(key);
        return objects.get(key);
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        check(key);
        Runnable hook = beforeRangedGet;
        if (hook != null) {
            beforeRangedGet = null;
            hook.run();
        }
        rangedGets.incrementAndGet();
        rangedBytes.addAndGet(length);
        Semaphore g = rangeGate;
        if (g != null) {
            rangedGetsWaiting.incrementAndGet();
            g.acquireUninterruptibly();
            rangedGetsWaiting.decrementAndGet();
        }
        return objects.getRange(key, offset, length);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        check(prefix);
        return objects.list(prefix);
    }

    @Override
    public void delete(String key) {
        check(key);
        if (failingDeletes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw ObjectStoreException.retriable("delete of " + key + " failed (injected)", null);
        }
        objects.delete(key);
    }

    @Override
    public String describe() {
        return "faulty memory";
    }

    @Override
    public void close() {
    }
}
