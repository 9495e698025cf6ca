package dev.rustmq.replication;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * acks=all produce requests of one led partition waiting for the high watermark to pass their
 * batch. Each completes when it does, if the in-sync set still has the minimum it asked for;
 * otherwise it fails with NOT_ENOUGH_REPLICAS_AFTER_APPEND (the batch is in the log, so its
 * records may be served later). Thread-safe.
 */
final class AckWaiters {
    private record Waiter(long endOffset, int minInSync, CompletableFuture<Void> done) {
    }

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.endOffset, b.endOffset));

    /** A future completed once the high watermark reaches {@code endOffset} (one past the batch). */
    synchronized CompletableFuture<Void> await(long endOffset, int minInSync) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(new Waiter(endOffset, minInSync, done));
        return done;
    }

    /** The high watermark is now {@code highWatermark}: completes every waiter it passed. */
    void highWatermarkMoved(long highWatermark, IntSupplier inSyncCount) {
        List<Waiter> passed = new ArrayList<>();
        synchronized (this) {
            while (!waiting.isEmpty() && waiting.peek().endOffset <= highWatermark) {
                passed.add(waiting.poll());
            }
        }
        int inSync = passed.isEmpty() ? 0 : inSyncCount.getAsInt();
        for (Waiter w : passed) {
            if (inSync >= w.minInSync) {
                w.done.complete(null);
            } else {
                w.done.completeExceptionally(new RustMqException(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                        "the batch was appended but only " + inSync + " replicas are in sync, fewer than the "
                                + w.minInSync + " acks=all needs; its records may exist"));
            }
        }
    }

    /** This broker stopped leading: every waiter fails with {@code error}. */
    void failAll(RustMqException error) {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiting);
            waiting.clear();
        }
        all.forEach(w -> w.done.completeExceptionally(error));
    }
}
