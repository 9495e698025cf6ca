package dev.rustmq.broker;

import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ReplicationConfig;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.RecordBatches;
import dev.rustmq.storage.log.LogAppendResult;
import dev.rustmq.storage.log.LogManager;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The leader's produce path, independent of the transport: checks the partition (exists, led
 * here), the batch size and, for acks=all, the in-sync replica count; then appends to the
 * partition log and answers per the acks level within the request's timeout.
 *
 * <p>Reports to a {@link DataPlaneObserver}: records and bytes once a batch is in the log (also
 * for acks=none, and for a batch that lands after its request timed out), the latency from taking
 * the batch to its answer, and the error code of every failed produce.
 */
public final class ProduceHandler {
    private final PartitionResolver resolver;
    private final LogManager logs;
    private final ReplicationConfig replication;
    private final int defaultMaxMessageBytes;
    private final Time time;
    private final DataPlaneObserver observer;
    private final ReplicaAcks replicas;

    public ProduceHandler(PartitionResolver resolver, LogManager logs, ReplicationConfig replication,
                          int defaultMaxMessageBytes) {
        this(resolver, logs, replication, defaultMaxMessageBytes, Time.SYSTEM, DataPlaneObserver.NOOP);
    }

    public ProduceHandler(PartitionResolver resolver, LogManager logs, ReplicationConfig replication,
                          int defaultMaxMessageBytes, Time time, DataPlaneObserver observer) {
        this(resolver, logs, replication, defaultMaxMessageBytes, time, observer, ReplicaAcks.SINGLE_REPLICA);
    }

    public ProduceHandler(PartitionResolver resolver, LogManager logs, ReplicationConfig replication,
                          int defaultMaxMessageBytes, Time time, DataPlaneObserver observer, ReplicaAcks replicas) {
        this.replicas = replicas;
        this.resolver = resolver;
        this.logs = logs;
        this.replication = replication;
        this.defaultMaxMessageBytes = defaultMaxMessageBytes;
        this.time = time;
        this.observer = observer;
    }

    /**
     * Appends one record batch. Fails with UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER, RECORD_TOO_LARGE,
     * CORRUPT_MESSAGE, NOT_ENOUGH_REPLICAS (nothing written), WAL_FULL, NOT_ENOUGH_REPLICAS_AFTER_APPEND
     * (acks=all: written here, not confirmed by the in-sync replicas within {@code ack_timeout_ms}) or
     * REQUEST_TIMED_OUT (the batch may still be written, as in Kafka: the client retries or checks).
     */
    public CompletableFuture<ProduceResult> produce(String topic, int partition, Acks acks, long timeoutMs,
                                                    ByteBuffer batch) {
        long startNanos = time.nanoseconds();
        CompletableFuture<LogAppendResult> append;
        TopicPartition tp = new TopicPartition(topic, partition);
        int minIsr = 1;
        try {
            PartitionResolver.Led led = resolver.resolve(topic, partition);
            int maxBytes = topicInt(led, "max_message_bytes", defaultMaxMessageBytes);
            if (batch.remaining() > maxBytes) {
                throw new RustMqException(ErrorCode.RECORD_TOO_LARGE, "the batch is " + batch.remaining()
                        + " bytes; topic \"" + topic + "\" accepts at most " + maxBytes);
            }
            if (acks == Acks.ALL) {
                minIsr = topicInt(led, "min_in_sync_replicas", replication.minInSyncReplicas());
                int inSync = replicas.inSyncCount(tp).orElse(led.partition().isr().size());
                if (inSync < minIsr) {
                    throw new RustMqException(ErrorCode.NOT_ENOUGH_REPLICAS, "acks=all needs " + minIsr
                            + " in-sync replicas of " + topic + "-" + partition + " but " + inSync
                            + " are in sync; nothing was written");
                }
            }
            int records = RecordBatches.recordCount(batch, batch.position());
            int bytes = batch.remaining();
            // Counted when the batch is in the log, before the answer; also if it lands after a time-out.
            int epoch = replicas.leaderEpoch(led.partition());
            append = logs.append(tp, batch, epoch)
                    .whenComplete((result, error) -> {
                        if (error == null) {
                            observer.produced(records, bytes);
                        }
                    });
        } catch (RustMqException e) {
            observer.produceFailed(e.code());
            return CompletableFuture.failedFuture(e);
        }
        // Refused by the log at once (corrupt batch, WAL full): an error, not a latency sample.
        boolean refused = append.isCompletedExceptionally();
        // Reported before the caller sees the answer.
        return answer(append, acks, timeoutMs, tp, minIsr).whenComplete((result, error) -> {
            // WAL full after waiting for room (off this thread) is a refusal too.
            if (!refused && (error == null || FailureCodes.of(error) != ErrorCode.WAL_FULL)) {
                observer.produceLatency(time.nanoseconds() - startNanos);
            }
            if (error != null) {
                observer.produceFailed(FailureCodes.of(error));
            }
        });
    }

    private CompletableFuture<ProduceResult> answer(CompletableFuture<LogAppendResult> append, Acks acks,
                                                    long timeoutMs, TopicPartition tp, int minIsr) {
        if (acks == Acks.NONE && !append.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(ProduceResult.NOT_WAITED);
        }
        // The time-out completes a copy: completing the append itself would skip its counting.
        CompletableFuture<LogAppendResult> acked = append.copy();
        if (acks == Acks.ALL) {
            acked = acked.thenCompose(result -> replicated(result, tp, minIsr));
        }
        return time.orTimeout(acked, timeoutMs, TimeUnit.MILLISECONDS).handle((result, error) -> {
            if (error == null) {
                return new ProduceResult(result.baseOffset(), result.lastOffset());
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof TimeoutException) {
                throw new RustMqException(ErrorCode.REQUEST_TIMED_OUT, "the batch was not acknowledged within "
                        + timeoutMs + " ms; it may still be written");
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    /** The appended batch once the in-sync replicas hold it, within {@code ack_timeout_ms}. */
    private CompletableFuture<LogAppendResult> replicated(LogAppendResult result, TopicPartition tp, int minIsr) {
        long ackTimeoutMs = replication.ackTimeoutMs();
        return time.orTimeout(replicas.awaitReplicas(tp, result.lastOffset() + 1, minIsr), ackTimeoutMs,
                TimeUnit.MILLISECONDS).handle((v, error) -> {
                    if (error == null) {
                        return result;
                    }
                    Throwable cause = Futures.unwrap(error);
                    if (cause instanceof TimeoutException) {
                        throw new RustMqException(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, "offsets "
                                + result.baseOffset() + ".." + result.lastOffset() + " of " + tp + " were appended but "
                                + "the in-sync replicas did not all confirm them within " + ackTimeoutMs
                                + " ms (ack_timeout_ms); the records may exist");
                    }
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                });
    }

    private static int topicInt(PartitionResolver.Led led, String name, int dflt) {
        String value = led.topic().configs().get(name);
        return value == null ? dflt : Integer.parseInt(value);
    }
}
