package dev.rustmq.storage.object;

import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A memory store that fails the next calls with queued errors, for tests of the layers above.
 * Counts calls and how many ran at once (the highest).
 */
final class FaultInjectingObjectStore implements ObjectStore {
    private final MemoryObjectStore objects = new MemoryObjectStore();
    private final Deque<Supplier<RuntimeException>> faults = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile java.util.function.Consumer<String> duringCall = op -> { };

    /** The next {@code times} calls fail with a fresh exception from {@code fault}. */
    synchronized FaultInjectingObjectStore failNext(int times, Supplier<RuntimeException> fault) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
        return this;
    }

    /** Runs inside every call (after its fault check) with the call's name, e.g. to hold puts at a latch. */
    void duringCall(java.util.function.Consumer<String> action) {
        this.duringCall = action;
    }

    static Supplier<RuntimeException> retriable() {
        return () -> ObjectStoreException.retriable("injected: connection reset", null);
    }

    static Supplier<RuntimeException> throttled() {
        return () -> ObjectStoreException.throttled("injected: 503 SlowDown", null);
    }

    static Supplier<RuntimeException> permanent() {
        return () -> ObjectStoreException.permanent("injected: 403 AccessDenied", null);
    }

    int calls() {
        return calls.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private <T> T call(String name, Supplier<T> op) {
        calls.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Supplier<RuntimeException> fault;
            synchronized (this) {
                fault = faults.poll();
            }
            if (fault != null) {
                throw fault.get();
            }
            duringCall.accept(name);
            return op.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void put(String key, ByteBuffer data) {
        call("put", () -> {
            objects.put(key, data);
            return null;
        });
    }

    @Override
    public ByteBuffer get(String key) {
        return call("get", () -> objects.get(key));
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        return call("getRange", () -> objects.getRange(key, offset, length));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return call("list", () -> objects.list(prefix));
    }

    @Override
    public void delete(String key) {
        call("delete", () -> {
            objects.delete(key);
            return null;
        });
    }

    @Override
    public String describe() {
        return "fault-injecting memory";
    }

    @Override
    public void close() {
    }
}
