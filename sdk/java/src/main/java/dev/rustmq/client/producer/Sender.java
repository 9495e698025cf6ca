package dev.rustmq.client.producer;

import dev.rustmq.client.ProduceResponse;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Backoff;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.record.ProducerFields;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The producer's one background thread: takes ready batches from the accumulator and sends each as
 * one produce request, at most {@code max.in.flight.requests.per.connection} at a time and one per
 * partition (so a retried batch can never be overtaken by a later one of its partition). Answers
 * come back on the transport's thread and are queued here as events, so all batch bookkeeping — and
 * the completion of the senders' futures — happens on this thread.
 */
final class Sender implements Runnable {
    private static final Logger LOG = Logger.getLogger(Sender.class.getName());
    /** A cap on one wait, a guard should a wake-up ever go missing; everything that matters wakes the thread. */
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ProducerClient client;
    private final boolean closeClientOnExit;
    private final ProducerConfig config;
    private final RecordAccumulator accumulator;
    private final BufferMemory memory;
    private final ProducerMetadata metadata;
    private final ProducerCounters counters;
    private final Backoff backoff;
    private final Time time;
    /** Null without idempotence. */
    private final ProducerIdentity identity;
    private final Thread thread;
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    /** Batches sent and not answered, or held while their partition is looked up again. This thread's only. */
    private final Set<ProducerBatch> inFlight = new HashSet<>();
    private final Set<TopicPartition> busyPartitions = new HashSet<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile RustMqClientException forcedClose;
    /** The error of the latest retry, until a batch succeeds again: why records may be piling up. */
    private volatile RustMqClientException retryingBecause;

    Sender(String name, ProducerClient client, boolean closeClientOnExit, ProducerConfig config,
            RecordAccumulator accumulator, BufferMemory memory, ProducerMetadata metadata, ProducerCounters counters,
            Time time) {
        this.client = client;
        this.closeClientOnExit = closeClientOnExit;
        this.config = config;
        this.accumulator = accumulator;
        this.memory = memory;
        this.metadata = metadata;
        this.counters = counters;
        this.backoff = retryBackoff(config);
        this.time = time;
        this.identity = config.enableIdempotence() ? new ProducerIdentity(client, time, config.requestTimeoutMs())
                : null;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /**
     * {@code retry.backoff.ms}, doubled per attempt up to {@code retry.backoff.max.ms}, give or take
     * 20% so that producers failing together do not all come back at the same instant (Kafka's).
     */
    static Backoff retryBackoff(ProducerConfig config) {
        return Backoff.exponential(config.retryBackoffMs(), config.retryBackoffMaxMs())
                .withJitter(0.8, 1.2, Backoff.THREAD_LOCAL_RANDOM);
    }

    void start() {
        thread.start();
    }

    void wakeup() {
        LockSupport.unpark(thread);
    }

    boolean isSenderThread() {
        return Thread.currentThread() == thread;
    }

    /** Send everything queued, then stop (the accumulator is closed first, so nothing more arrives). */
    void initiateClose() {
        closing = true;
        wakeup();
    }

    /** Stop now: fail every record not yet acknowledged with {@code error}. */
    void forceClose(RustMqClientException error) {
        forcedClose = error;
        closing = true;
        wakeup();
    }

    /** The error the sender is retrying on, if its latest answer was one; null once a batch succeeds. */
    RustMqClientException retryingBecause() {
        return retryingBecause;
    }

    /** Waits up to {@code timeoutNanos} for the thread to end; whether it has. */
    boolean awaitTermination(long timeoutNanos) throws InterruptedException {
        try {
            time.get(terminated, timeoutNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void run() {
        try {
            long parkNanos;
            while ((parkNanos = runOnce()) >= 0) {
                if (parkNanos > 0) {
                    time.parkNanos(this, parkNanos);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "the producer's sender thread failed; every record not acknowledged yet fails", e);
            accumulator.close();
            memory.close();
            abortAll(new RustMqClientException(ErrorCode.UNKNOWN_SERVER_ERROR, "the producer's sender thread failed: "
                    + e, e));
        } finally {
            if (closeClientOnExit) {
                client.close();
            }
            terminated.complete(null);
        }
    }

    /**
     * One round of the thread: answers and other events, then sends what is ready and fails what
     * expired. Returns how long to park before the next round (0: at once, events are waiting), or
     * -1 when the sender is done. Tests call it directly on a sender they do not start.
     */
    long runOnce() {
        runEvents();
        RustMqClientException forced = forcedClose;
        if (forced != null) {
            abortAll(forced);
            return -1;
        }
        if (closing && inFlight.isEmpty() && !accumulator.hasUndrained()) {
            return -1;
        }
        long now = time.nanoseconds();
        long next = sendReady(now);
        return events.isEmpty() ? Math.max(1, Math.min(MAX_PARK_NANOS, saturatedMinus(next, now))) : 0;
    }

    private void runEvents() {
        Runnable event;
        while ((event = events.poll()) != null) {
            event.run();
        }
    }

    /** From any thread: run {@code event} on the sender thread. */
    private void onSenderThread(Runnable event) {
        events.add(event);
        wakeup();
    }

    /** Sends what is ready, fails what expired; returns when to look again. */
    private long sendReady(long now) {
        int capacity = Math.max(0, config.maxInFlightRequestsPerConnection() - inFlight.size());
        RecordAccumulator.Drained drained = accumulator.drain(now, capacity, tp -> !busyPartitions.contains(tp),
                memory.hasWaiters());
        for (ProducerBatch batch : drained.expired()) {
            fail(batch, expired(batch, now));
        }
        for (ProducerBatch batch : drained.ready()) {
            send(batch);
        }
        return drained.nextCheckNanos();
    }

    private void send(ProducerBatch batch) {
        TopicPartition tp = batch.topicPartition();
        ByteBuffer bytes;
        ProducerFields fields = ProducerFields.NONE;
        if (identity != null && !batch.isEncoded()) {
            try {
                fields = identity.assign(tp, batch.recordCount());
            } catch (RustMqClientException e) {
                batch.onSend();
                retryOrFail(batch, e); // no producer id yet (no broker answered): like a failed send
                return;
            }
        }
        try {
            bytes = batch.encoded(config.compressionType(), fields);
        } catch (RuntimeException e) {
            fail(batch, new RustMqClientException(ErrorCode.INVALID_REQUEST, "could not encode a batch of "
                    + batch.recordCount() + " records for " + tp + ": " + e.getMessage(), e));
            return;
        }
        batch.onSend();
        hold(batch);
        counters.requestSent();
        client.produceBatchesAsync(tp.topic(), tp.partition(), config.acks(), config.requestTimeoutMs(), bytes)
                .whenComplete((response, error) -> onSenderThread(() -> answered(batch, response, error)));
    }

    private void answered(ProducerBatch batch, ProduceResponse response, Throwable error) {
        unhold(batch);
        if (batch.isCompleted()) {
            return; // failed by a forced close meanwhile
        }
        if (error == null) {
            complete(batch, response.baseOffset());
            return;
        }
        RustMqClientException e = ProducerMetadata.unwrap(error);
        if (e.errorCode() == ErrorCode.RECORD_TOO_LARGE && batch.recordCount() > 1) {
            // Nothing of the batch was stored. Halves go back to the front, in order; the one that fits
            // is stored, the other split again, until only the record(s) too large fail.
            if (identity != null) {
                identity.rewind(batch.topicPartition(), batch.producerFields());
            }
            accumulator.reenqueueSplit(batch.split());
            return;
        }
        if (e.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            checkPartitionStillExists(batch, e);
            return;
        }
        retryOrFail(batch, e);
    }

    /** UNKNOWN_TOPIC_OR_PARTITION is final only if fresh metadata agrees; else (a broker lagging behind) retry. */
    private void checkPartitionStillExists(ProducerBatch batch, RustMqClientException error) {
        TopicPartition tp = batch.topicPartition();
        hold(batch); // the partition waits, keeping its order, until the answer
        metadata.refresh(tp.topic()).whenComplete((count, lookupError) -> onSenderThread(() -> {
            unhold(batch);
            if (batch.isCompleted()) {
                return;
            }
            RustMqClientException lookup = lookupError == null ? null : ProducerMetadata.unwrap(lookupError);
            if (lookup != null && lookup.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                fail(batch, new RustMqClientException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + tp.topic()
                        + "' does not exist (any more): " + error.getMessage(), error));
            } else if (count != null && tp.partition() >= count) {
                fail(batch, new RustMqClientException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + tp.partition()
                        + " of topic '" + tp.topic() + "' does not exist (it has " + count + "): " + error.getMessage(),
                        error));
            } else {
                retryOrFail(batch, error);
            }
        }));
    }

    private void retryOrFail(ProducerBatch batch, RustMqClientException error) {
        if (!error.retriable() || batch.attempts() > config.retries()) {
            fail(batch, error);
            return;
        }
        if (error.invalidatesMetadata()) {
            metadata.refresh(batch.topicPartition().topic());
        }
        // No check against delivery.timeout.ms here: the drain fails the batch once that has passed.
        batch.retryAt(time.nanoseconds() + backoff.delayNanos(batch.attempts()), error);
        retryingBecause = error;
        counters.retried(batch.recordCount());
        accumulator.reenqueue(batch);
    }

    private RustMqClientException expired(ProducerBatch batch, long now) {
        RustMqClientException last = batch.lastError();
        return new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "expiring " + batch.recordCount()
                + " record(s) for " + batch.topicPartition() + ": " + (now - batch.createdNanos()) / 1_000_000
                + " ms have passed since the batch was created (delivery.timeout.ms " + config.deliveryTimeoutMs()
                + ")" + (last == null ? "" : "; last error: " + last.getMessage()), last);
    }

    private void hold(ProducerBatch batch) {
        inFlight.add(batch);
        busyPartitions.add(batch.topicPartition());
    }

    private void unhold(ProducerBatch batch) {
        inFlight.remove(batch);
        busyPartitions.remove(batch.topicPartition());
    }

    // Counts and memory first, futures last: a caller that sees its future done sees them updated, and a
    // callback sending again finds the memory free. Only this thread completes batches, so check-then-act holds.

    private void complete(ProducerBatch batch, long baseOffset) {
        retryingBecause = null;
        if (!batch.isCompleted()) {
            memory.release(batch.reservedBytes());
            counters.sent(batch.recordCount());
            batch.complete(baseOffset);
        }
    }

    private void fail(ProducerBatch batch, RuntimeException error) {
        if (identity != null && batch.isEncoded()) {
            identity.reset(); // the broker may or may not hold its sequence numbers
        }
        if (!batch.isCompleted()) {
            memory.release(batch.reservedBytes());
            counters.failed(batch.recordCount());
            batch.fail(error);
        }
    }

    private void abortAll(RustMqClientException error) {
        for (ProducerBatch batch : new ArrayList<>(inFlight)) {
            fail(batch, error);
        }
        inFlight.clear();
        busyPartitions.clear();
        for (ProducerBatch batch : accumulator.abortAll()) {
            fail(batch, error);
        }
    }

    private static long saturatedMinus(long a, long b) {
        long d = a - b;
        // Overflow only when a is Long.MAX_VALUE ("nothing waits") and b negative.
        return ((a ^ b) & (a ^ d)) < 0 ? Long.MAX_VALUE : d;
    }
}
