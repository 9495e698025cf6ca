package dev.rustmq.storage.tier;

import dev.rustmq.common.Backoff;
import dev.rustmq.common.Time;
import dev.rustmq.storage.errors.ObjectStoreException;
import dev.rustmq.storage.object.ObjectStore;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts segment objects with at most {@code maxConcurrentUploads} in flight (that many upload slots:
 * object store calls block; the store applies {@code max_upload_bytes_per_sec}), retrying every failure
 * with back-off until the put succeeds or the upload is cancelled: the data is acknowledged, so
 * giving up is not an option. A waiting retry does not hold an upload slot.
 *
 * <p>The pool has one thread more than there are slots: while the slots put, it builds the next
 * object, which starts the moment a slot frees. Building (copying a segment out of the caches or
 * the WAL, checksumming it) would otherwise leave each slot idle between its puts; measured with
 * {@code rustmq perf tiering}, that was a fifth of the slots' time. So at most
 * {@code maxConcurrentUploads + 1} objects are in memory.
 */
final class SegmentUploader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SegmentUploader.class.getName());

    private final ObjectStore store;
    private final ExecutorService pool;
    private final ScheduledExecutorService retries;
    private final Backoff backoff;
    private final Time time;
    private final TierStats stats;
    private final Semaphore slots;

    SegmentUploader(ObjectStore store, int maxConcurrentUploads, ScheduledExecutorService retries, Backoff backoff,
                    Time time, TierStats stats) {
        this.store = store;
        this.stats = stats;
        this.retries = retries;
        this.backoff = backoff;
        this.time = time;
        this.slots = new Semaphore(maxConcurrentUploads);
        AtomicInteger threads = new AtomicInteger();
        int builders = maxConcurrentUploads + 1;
        this.pool = new ThreadPoolExecutor(builders, builders, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "rustmq-upload-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Uploads the object {@code build} makes (called again for each attempt, so a waiting retry
     * holds no copy) under {@code key}. Completes once stored; cancel the future, or throw
     * {@link java.util.concurrent.CancellationException} from {@code build}, to stop retrying.
     */
    CompletableFuture<Void> upload(String key, Supplier<ByteBuffer> build) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        submit(key, build, result, 1);
        return result;
    }

    private void submit(String key, Supplier<ByteBuffer> build, CompletableFuture<Void> result, int attempt) {
        try {
            pool.execute(() -> attempt(key, build, result, attempt));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the uploader is closed"));
        }
    }

    private void attempt(String key, Supplier<ByteBuffer> build, CompletableFuture<Void> result, int attempt) {
        if (result.isDone()) {
            return;
        }
        boolean slot = false;
        try {
            ByteBuffer object = build.get();
            slots.acquire();
            slot = true;
            if (result.isDone()) {
                return; // cancelled while it waited for a slot
            }
            int size = object.remaining();
            store.put(key, object);
            result.complete(null);
            stats.stored(size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(new IllegalStateException("the uploader is closed"));
        } catch (java.util.concurrent.CancellationException e) {
            result.completeExceptionally(e); // nothing left to upload (the partition was deleted)
        } catch (RuntimeException e) {
            boolean throttled = e instanceof ObjectStoreException o && o.throttled();
            boolean permanent = e instanceof ObjectStoreException o && !o.retriable();
            stats.uploadFailed();
            long delay = backoff.delayMs(attempt, throttled);
            LOG.log(permanent || attempt % 10 == 0 ? Level.SEVERE : Level.WARNING, "upload of " + key + " failed (attempt "
                    + attempt + "): " + e.getMessage() + "; retrying in " + delay + " ms", permanent ? e : null);
            try {
                time.schedule(retries, () -> {
                    if (!result.isDone()) {
                        stats.uploadRetried();
                    }
                    submit(key, build, result, attempt + 1);
                }, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                result.completeExceptionally(e);
            }
        } finally {
            if (slot) {
                slots.release();
            }
        }
    }

    /** Deletes an object nobody will use (a fenced upload), once, on an upload thread. */
    void deleteQuietly(String key) {
        try {
            pool.execute(() -> {
                try {
                    store.delete(key);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot delete unused segment object " + key + ": " + e.getMessage(), e);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // closing: the object stays as garbage for a later clean-up
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
