package dev.rustmq.client.producer;

import dev.rustmq.client.ClientOptions;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batching producer, as Kafka's {@code KafkaProducer} (docs/client.md, "Producer"): {@link
 * #send} puts the record in its partition's current batch and returns at once with a future; one
 * background thread sends each batch when it is full ({@code batch.size}) or has waited {@code
 * linger.ms}, retries it on retriable errors until {@code delivery.timeout.ms}, and completes the
 * records' futures. Records of one partition are stored in the order they were sent, retries
 * included. Thread-safe: share one producer between threads.
 *
 * <p>Futures complete on the producer's sender thread: callbacks attached with {@code thenAccept}
 * and friends run there, in order per partition, and must be quick (use the {@code ...Async}
 * variants for slow work); {@link #flush()} there is an error and {@link #close()} there does not
 * wait.
 */
public final class Producer implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    /** Room in a request frame for everything but the record batch (header, topic, fields). */
    private static final int REQUEST_OVERHEAD = 1024;

    private final ProducerConfig config;
    private final Time time;
    private final ProducerMetadata metadata;
    private final Partitioner partitioner = new Partitioner();
    private final BufferMemory memory;
    private final RecordAccumulator accumulator;
    private final ProducerCounters counters = new ProducerCounters();
    private final Sender sender;
    private final int maxBatchBytes;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A producer over {@code client}, which it uses but does not close. */
    public Producer(RustMqClient client, ProducerConfig config) {
        this(client, config, Time.SYSTEM, false);
    }

    /** Connects to {@code url} (as {@link RustMqClient#connect(String)}); the producer closes that connection. */
    public static Producer connect(String url, ProducerConfig config) {
        return connect(url, config, ClientOptions.defaults());
    }

    public static Producer connect(String url, ProducerConfig config, ClientOptions options) {
        return new Producer(RustMqClient.connect(url, options), config, Time.SYSTEM, true);
    }

    Producer(RustMqClient client, ProducerConfig config, Time time, boolean ownsClient) {
        this(ProducerClient.of(client), config, time, ownsClient);
    }

    Producer(ProducerClient client, ProducerConfig config, Time time, boolean ownsClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = time;
        int frameLimit = client.maxFrameBytes();
        this.maxBatchBytes = Math.max(RecordBatch.HEADER_SIZE + 1,
                Math.min(config.maxRequestSize(), frameLimit - REQUEST_OVERHEAD));
        this.metadata = new ProducerMetadata(client, time, config.metadataMaxAgeMs(), config.retryBackoffMs());
        this.memory = new BufferMemory(config.bufferMemory(), time);
        this.accumulator = new RecordAccumulator(config.batchSize(), maxBatchBytes, config.lingerMs(),
                config.deliveryTimeoutMs(), time);
        this.sender = new Sender("rustmq-producer-" + IDS.incrementAndGet() + "-sender", client, ownsClient, config,
                accumulator, memory, metadata, counters, time);
        sender.start();
    }

    public ProducerConfig config() {
        return config;
    }

    /**
     * Queues the record for sending and returns a future of where it was stored. Blocks only to look
     * up a topic's partitions the first time and while {@code buffer.memory} is full, together at
     * most {@code max.block.ms}. Every failure to deliver — unknown topic or partition, a record
     * larger than {@code max.request.size}, no buffer memory in time ({@link
     * BufferExhaustedException}), a broker error that is not retriable, {@code delivery.timeout.ms}
     * passed — fails the future with a {@link RustMqClientException} carrying the error code.
     *
     * @throws IllegalStateException if the producer is closed
     * @throws IllegalArgumentException if the record cannot be encoded (a header key with an unpaired surrogate)
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed.get()) {
            throw new IllegalStateException("cannot send: the producer is closed");
        }
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(config.maxBlockMs());
        Record wire = record.toRecord(time.milliseconds());
        long reserved = RecordBatchBuilder.maxSizeInBatch(wire);
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        try {
            checkSize(record, reserved);
            int partitions = metadata.partitionCount(record.topic(), deadline);
            int partition = partitioner.partition(record, partitions);
            if (partition >= partitions) {
                throw new RustMqClientException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition
                        + " of topic '" + record.topic() + "' does not exist; it has " + partitions + " (0.."
                        + (partitions - 1) + ")");
            }
            memory.reserve(reserved, deadline);
            append(record, wire, partition, partitions, reserved, future);
        } catch (BufferExhaustedException e) {
            counters.failed(1);
            RustMqClientException retrying = sender.retryingBecause();
            future.completeExceptionally(retrying == null ? e : new BufferExhaustedException(e.getMessage()
                    + "; the producer is retrying after: " + retrying.getMessage()));
        } catch (RustMqClientException e) {
            counters.failed(1);
            future.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counters.failed(1);
            future.completeExceptionally(new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT,
                    "interrupted while waiting to send to '" + record.topic() + "'", e));
        }
        return future;
    }

    private void checkSize(ProducerRecord record, long reserved) {
        if (reserved + RecordBatch.HEADER_SIZE > maxBatchBytes) {
            throw new RustMqClientException(ErrorCode.RECORD_TOO_LARGE, "the record for '" + record.topic()
                    + "' takes up to " + (reserved + RecordBatch.HEADER_SIZE) + " bytes in a batch, more than "
                    + maxBatchBytes + " (max.request.size " + config.maxRequestSize() + ", or the frame limit)");
        }
        if (reserved > memory.total()) {
            throw new RustMqClientException(ErrorCode.RECORD_TOO_LARGE, "the record for '" + record.topic()
                    + "' takes up to " + reserved + " bytes, more than buffer.memory " + memory.total());
        }
    }

    private void append(ProducerRecord record, Record wire, int partition, int partitions, long reserved,
            CompletableFuture<RecordMetadata> future) {
        try {
            boolean sticky = Partitioner.usesStickyPartition(record);
            RecordAccumulator.AppendResult result = accumulator.append(new TopicPartition(record.topic(), partition),
                    wire, reserved, future, sticky);
            if (!result.appended()) {
                // The sticky partition's batch is closed: move on, as the next batch goes elsewhere.
                int next = partitioner.onNewBatch(record.topic(), partitions, partition);
                result = accumulator.append(new TopicPartition(record.topic(), next), wire, reserved, future, false);
            }
            if (result.wakeSender()) {
                sender.wakeup();
            }
        } catch (RuntimeException e) {
            memory.release(reserved);
            throw e;
        }
    }

    /**
     * Sends every record queued so far at once (linger or not) and waits until each has succeeded
     * or failed. Records sent meanwhile by other threads may or may not be waited for.
     *
     * @throws IllegalStateException when called from a callback on the sender thread (it would wait for itself)
     */
    public void flush() {
        if (sender.isSenderThread()) {
            throw new IllegalStateException("flush() in a send callback would wait for the thread it runs on; "
                    + "flush from another thread");
        }
        accumulator.beginFlush();
        try {
            sender.wakeup();
            CompletableFuture.allOf(accumulator.incompleteBatches().toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a batch completed exceptionally", e); // batches' done futures never fail
        } finally {
            accumulator.endFlush();
        }
    }

    /** Counts of records sent, failed and retried, and of requests. */
    public ProducerMetrics metrics() {
        return counters.snapshot();
    }

    /** Sends everything queued and waits for every answer (however long), then closes. */
    @Override
    public void close() {
        close(null);
    }

    /**
     * Stops accepting records, sends everything queued and waits up to {@code timeout} for the
     * answers; records still unanswered then fail ({@code REQUEST_TIMED_OUT}: they may or may not
     * have been stored). {@link Duration#ZERO} fails them at once. Called from a callback on the
     * sender thread it does not wait: the sender finishes by itself.
     */
    public void close(Duration timeout) {
        if (closed.compareAndSet(false, true)) {
            accumulator.close();
            memory.close();
            sender.initiateClose();
        }
        if (sender.isSenderThread()) {
            return;
        }
        try {
            long nanos = timeout == null ? Long.MAX_VALUE : saturatedNanos(timeout);
            if (!sender.awaitTermination(nanos)) {
                sender.forceClose(new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "the producer was closed "
                        + "before the record was acknowledged (close timeout " + timeout.toMillis() + " ms passed); it "
                        + "may or may not have been stored"));
                sender.awaitTermination(Long.MAX_VALUE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.forceClose(new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "the producer was closed by an "
                    + "interrupted thread before the record was acknowledged; it may or may not have been stored"));
        }
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
