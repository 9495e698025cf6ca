package dev.rustmq.client.producer;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.Record;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Per partition, a queue of {@link ProducerBatch}es in send order: senders append to the last
 * batch, the sender thread takes ready batches from the front. Each queue is guarded by its own
 * lock. Time comes from the injected {@link Time}, so readiness can be tested with a mock clock.
 */
final class RecordAccumulator {
    /** What an append did; {@code wakeSender}: a new batch (a new linger deadline) or a full one. */
    record AppendResult(boolean appended, boolean wakeSender) {
        static final AppendResult NEEDS_NEW_BATCH = new AppendResult(false, false);
    }

    /**
     * Batches the sender should send now (front of their partition, oldest partitions' turn first),
     * batches past {@code delivery.timeout.ms} taken out to be failed, and when the next batch may
     * become ready or expire ({@link Long#MAX_VALUE}: nothing waits).
     */
    record Drained(List<ProducerBatch> ready, List<ProducerBatch> expired, long nextCheckNanos) {
    }

    private final ConcurrentMap<TopicPartition, Deque<ProducerBatch>> queues = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final int batchSizeLimit;
    private final int requestSizeLimit;
    private final long lingerNanos;
    private final long deliveryTimeoutNanos;
    private final Time time;
    private final AtomicInteger appendsInProgress = new AtomicInteger();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closed;
    /** The sender's only: which partition's turn is first in the next drain. */
    private int drainStart;

    /**
     * @param batchSizeLimit {@code batch.size}, capped by {@code requestSizeLimit}
     * @param requestSizeLimit the largest record batch one request may carry ({@code max.request.size},
     *     capped by the frame limits): ready batches of one partition are sent together up to it
     */
    RecordAccumulator(int batchSizeLimit, int requestSizeLimit, long lingerMs, long deliveryTimeoutMs, Time time) {
        this.batchSizeLimit = Math.min(batchSizeLimit, requestSizeLimit);
        this.requestSizeLimit = requestSizeLimit;
        this.lingerNanos = lingerMs * 1_000_000;
        this.deliveryTimeoutNanos = deliveryTimeoutMs * 1_000_000;
        this.time = time;
    }

    /**
     * Appends to the partition's open batch, or to a new one. With {@code abortOnNewBatch} nothing
     * is appended if that would need a new batch ({@link AppendResult#NEEDS_NEW_BATCH}): a keyless
     * record then moves on to the next sticky partition.
     *
     * @throws IllegalStateException if the producer is closed
     */
    AppendResult append(TopicPartition tp, Record record, long reserved, CompletableFuture<RecordMetadata> future,
            boolean abortOnNewBatch) {
        // Counted so that close() cannot miss an append that passed the closed check just before it.
        appendsInProgress.incrementAndGet();
        try {
            Deque<ProducerBatch> queue = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
            synchronized (queue) {
                if (closed) {
                    throw new IllegalStateException("the producer is closed");
                }
                ProducerBatch last = queue.peekLast();
                if (last != null && last.tryAppend(record, reserved, future, batchSizeLimit)) {
                    return new AppendResult(true, last.isClosed());
                }
                if (abortOnNewBatch) {
                    return AppendResult.NEEDS_NEW_BATCH;
                }
                ProducerBatch batch = new ProducerBatch(tp, time.nanoseconds());
                batch.tryAppend(record, reserved, future, batchSizeLimit);
                queue.addLast(batch);
                track(batch);
                return new AppendResult(true, true);
            }
        } finally {
            appendsInProgress.decrementAndGet();
        }
    }

    private void track(ProducerBatch batch) {
        incomplete.add(batch);
        batch.done().whenComplete((ignored, error) -> incomplete.remove(batch));
    }

    /**
     * Takes at most {@code max} ready batches, one per partition, from partitions {@code sendable}
     * allows (the sender keeps one request per partition in flight). A batch is ready when it is
     * full or not the last of its partition, its linger time has passed, a flush or close is on, or
     * {@code urgent} (a send waits for buffer memory); a retried batch when its back-off has passed.
     */
    Drained drain(long nowNanos, int max, Predicate<TopicPartition> sendable, boolean urgent) {
        List<ProducerBatch> ready = new ArrayList<>();
        List<ProducerBatch> expired = new ArrayList<>();
        long next = Long.MAX_VALUE;
        List<TopicPartition> partitions = new ArrayList<>(queues.keySet());
        int n = partitions.size();
        if (n == 0) {
            return new Drained(ready, expired, next);
        }
        // Each drain starts one partition further, so that with few requests allowed in flight every
        // partition gets its turn.
        int start = drainStart % n;
        drainStart = start + 1;
        boolean sendAll = urgent || closed || flushesInProgress.get() > 0;
        for (int i = 0; i < n; i++) {
            TopicPartition tp = partitions.get((start + i) % n);
            Deque<ProducerBatch> queue = queues.get(tp);
            synchronized (queue) {
                ProducerBatch head;
                while ((head = queue.peekFirst()) != null && nowNanos - head.createdNanos() >= deliveryTimeoutNanos) {
                    queue.pollFirst().close();
                    expired.add(head);
                }
                if (head == null) {
                    continue;
                }
                next = Math.min(next, head.createdNanos() + deliveryTimeoutNanos);
                if (!sendable.test(tp)) {
                    continue; // its request in flight answers first; the sender looks again then
                }
                long readyAt = readyAtNanos(head, queue.size() > 1, sendAll);
                if (readyAt > nowNanos) {
                    next = Math.min(next, readyAt);
                } else if (ready.size() < max) {
                    queue.pollFirst().close();
                    absorbReadyFollowers(head, queue, nowNanos, sendAll);
                    ready.add(head);
                }
            }
        }
        return new Drained(ready, expired, next);
    }

    /**
     * A partition's request carries one record batch, and only one request per partition is in
     * flight: so the ready batches queued behind {@code head} (a backlog while the previous request
     * was out) go along in it, merged into one batch up to the request size limit. (Several batches
     * back to back in one request would not do: the response tells only the first one's offset.)
     */
    private void absorbReadyFollowers(ProducerBatch head, Deque<ProducerBatch> queue, long nowNanos, boolean sendAll) {
        if (batchSizeLimit == 0) {
            return; // batch.size=0: every record travels alone, as asked
        }
        ProducerBatch follower;
        while ((follower = queue.peekFirst()) != null
                && readyAtNanos(follower, queue.size() > 1, sendAll) <= nowNanos
                && head.tryAbsorb(follower, requestSizeLimit)) {
            queue.pollFirst();
        }
    }

    private long readyAtNanos(ProducerBatch head, boolean hasMore, boolean sendAll) {
        if (head.attempts() > 0) {
            return head.retryAtNanos();
        }
        if (hasMore || head.isClosed() || sendAll) {
            return Long.MIN_VALUE;
        }
        return head.createdNanos() + lingerNanos;
    }

    /** Puts a batch that failed retriably back at the front of its partition: it is older than the rest. */
    void reenqueue(ProducerBatch batch) {
        Deque<ProducerBatch> queue = queues.computeIfAbsent(batch.topicPartition(), k -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addFirst(batch);
        }
    }

    /** Puts the halves of a split batch back at the front of their partition, in order. */
    void reenqueueSplit(List<ProducerBatch> parts) {
        Deque<ProducerBatch> queue = queues.computeIfAbsent(parts.get(0).topicPartition(), k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                queue.addFirst(parts.get(i));
                track(parts.get(i));
            }
        }
    }

    /**
     * Takes every batch not sent yet, for a forced close to fail. Call after {@link #close()}: it
     * first waits out appends that passed the closed check (they take microseconds, never block).
     */
    List<ProducerBatch> abortAll() {
        while (appendsInProgress.get() > 0) {
            Thread.onSpinWait();
        }
        List<ProducerBatch> all = new ArrayList<>();
        for (Deque<ProducerBatch> queue : queues.values()) {
            synchronized (queue) {
                all.addAll(queue);
                queue.clear();
            }
        }
        return all;
    }

    /** Whether records are queued or being appended (close waits for them). */
    boolean hasUndrained() {
        if (appendsInProgress.get() > 0) {
            return true;
        }
        for (Deque<ProducerBatch> queue : queues.values()) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** From now on every batch is ready at once, until {@link #endFlush()}. */
    void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** The batches not completed yet; a flush waits for those there are when it starts. */
    List<CompletableFuture<Void>> incompleteBatches() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (ProducerBatch batch : incomplete) {
            pending.add(batch.done());
        }
        return pending;
    }

    /** Refuses further appends; what is queued becomes ready at once. */
    void close() {
        closed = true;
    }
}
