package dev.rustmq.storage.tier;

import dev.rustmq.storage.errors.ObjectStoreException;
import dev.rustmq.storage.object.ForwardingObjectStore;
import dev.rustmq.storage.object.MemoryObjectStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * An object store whose puts wait until the test decides their outcome (stored or failed), so a
 * simulation can complete uploads in any order it draws. Reads are immediate.
 */
final class ControlledObjectStore extends ForwardingObjectStore {
    final MemoryObjectStore objects;
    private final LinkedBlockingDeque<PendingPut> pending = new LinkedBlockingDeque<>();

    ControlledObjectStore() {
        this(new MemoryObjectStore());
    }

    private ControlledObjectStore(MemoryObjectStore objects) {
        super(objects);
        this.objects = objects;
    }

    /** A put waiting for its outcome. */
    record PendingPut(String key, CompletableFuture<Boolean> outcome) {
    }

    /** The puts waiting now, in arrival order. */
    List<PendingPut> pending() {
        List<PendingPut> list = new ArrayList<>(pending);
        list.removeIf(p -> p.outcome().isDone());
        return list;
    }

    /** Lets every waiting and future put succeed. */
    volatile boolean autoSucceed;

    @Override
    public void put(String key, ByteBuffer data) {
        boolean stored;
        if (autoSucceed) {
            stored = true;
        } else {
            PendingPut p = new PendingPut(key, new CompletableFuture<>());
            pending.add(p);
            try {
                stored = p.outcome().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ObjectStoreException.retriable("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } finally {
                pending.remove(p);
            }
        }
        if (!stored) {
            throw ObjectStoreException.retriable("put of " + key + " failed (simulated)", null);
        }
        objects.put(key, data);
    }

    void releaseAll() {
        autoSucceed = true;
        for (PendingPut p : pending) {
            p.outcome().complete(true);
        }
    }

    @Override
    public String describe() {
        return "controlled memory";
    }

    @Override
    public void close() {
    }
}
