package dev.rustmq.client.producer;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.ProducerFields;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records for one partition that travel in one record batch, with the futures of their senders.
 * Appended to under its partition's lock in the accumulator until closed (full, or taken by the
 * sender); from then on only the sender thread touches it. Completes exactly once: acknowledged,
 * failed, split into two (whose completion completes it), or absorbed by the batch ahead of it
 * (whose completion completes it).
 */
final class ProducerBatch {
    private final TopicPartition topicPartition;
    private final long createdNanos;
    private final List<Record> records = new ArrayList<>();
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    /** Completes when every record's future has: what {@code flush()} waits for. */
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long firstTimestamp;
    private int sizeInBytes = RecordBatch.HEADER_SIZE;
    private long reservedBytes;
    private boolean closed;
    private int attempts;
    private long retryAtNanos = Long.MIN_VALUE;
    private RustMqClientException lastError;
    private ByteBuffer encoded;
    private ProducerFields producer = ProducerFields.NONE;
    private boolean completed;

    ProducerBatch(TopicPartition topicPartition, long createdNanos) {
        this.topicPartition = topicPartition;
        this.createdNanos = createdNanos;
    }

    /**
     * Adds the record unless the batch is closed or the record would take it past {@code
     * batchSizeLimit} bytes (an empty batch takes any record). A batch that reaches the limit closes.
     *
     * @param reserved the buffer memory taken for the record, given back when the batch completes
     */
    boolean tryAppend(Record record, long reserved, CompletableFuture<RecordMetadata> future, int batchSizeLimit) {
        if (closed) {
            return false;
        }
        int size = records.isEmpty() ? RecordBatchBuilder.sizeInBatch(record, 0, record.timestamp())
                : RecordBatchBuilder.sizeInBatch(record, records.size(), firstTimestamp);
        if (!records.isEmpty() && (long) sizeInBytes + size > batchSizeLimit) {
            closed = true;
            return false;
        }
        if (records.isEmpty()) {
            firstTimestamp = record.timestamp();
        }
        records.add(record);
        futures.add(future);
        sizeInBytes += size;
        reservedBytes += reserved;
        if (sizeInBytes >= batchSizeLimit) {
            closed = true;
        }
        return true;
    }

    /**
     * Takes in all of {@code next} — the batch behind this one in its partition, neither sent yet —
     * if the two together stay within {@code limit} bytes: one record batch then carries both.
     * {@code next} completes with this one. Returns whether it did.
     */
    boolean tryAbsorb(ProducerBatch next, int limit) {
        if (attempts > 0 || next.attempts > 0 || encoded != null || completed || next.completed) {
            return false;
        }
        long added = 0;
        for (int i = 0; i < next.records.size(); i++) {
            added += RecordBatchBuilder.sizeInBatch(next.records.get(i), records.size() + i, firstTimestamp);
        }
        if (sizeInBytes + added > limit) {
            return false;
        }
        records.addAll(next.records);
        futures.addAll(next.futures);
        sizeInBytes += (int) added;
        reservedBytes += next.reservedBytes;
        next.completed = true;
        next.closed = true;
        done.whenComplete((ignored, error) -> next.done.complete(null));
        return true;
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    long createdNanos() {
        return createdNanos;
    }

    int recordCount() {
        return records.size();
    }

    /** Uncompressed bytes of the batch: header plus records. */
    int sizeInBytes() {
        return sizeInBytes;
    }

    long reservedBytes() {
        return reservedBytes;
    }

    /** Full, or taken by the sender: no more records go in. */
    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** How often the batch has been sent. */
    int attempts() {
        return attempts;
    }

    /** The earliest time of the next send; {@link Long#MIN_VALUE} if it need not wait. */
    long retryAtNanos() {
        return retryAtNanos;
    }

    RustMqClientException lastError() {
        return lastError;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    boolean isCompleted() {
        return completed;
    }

    /**
     * The batch's bytes: encoded at the first send with {@code fields} (an idempotent producer's id
     * and sequence), the same bytes for every retry.
     */
    ByteBuffer encoded(CompressionType compression, ProducerFields fields) {
        if (encoded == null) {
            encoded = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, compression, fields, records);
            producer = fields;
        }
        return encoded.duplicate();
    }

    boolean isEncoded() {
        return encoded != null;
    }

    /** The producer fields the batch was encoded with ({@link ProducerFields#NONE} before, or without idempotence). */
    ProducerFields producerFields() {
        return producer;
    }

    void onSend() {
        attempts++;
    }

    /** A retriable failure: send again, not before {@code retryAtNanos}. */
    void retryAt(long retryAtNanos, RustMqClientException error) {
        this.retryAtNanos = retryAtNanos;
        this.lastError = error;
    }

    /**
     * The broker stored the batch from {@code baseOffset} ({@code -1}: not told, acks=0). Returns
     * whether this call completed the batch (false if it already was).
     */
    boolean complete(long baseOffset) {
        if (completed) {
            return false;
        }
        completed = true;
        for (int i = 0; i < records.size(); i++) {
            long offset = baseOffset < 0 ? -1 : baseOffset + i;
            futures.get(i).complete(new RecordMetadata(topicPartition.topic(), topicPartition.partition(), offset,
                    records.get(i).timestamp()));
        }
        done.complete(null);
        return true;
    }

    /** Fails every record with {@code error}; returns whether this call completed the batch. */
    boolean fail(RuntimeException error) {
        if (completed) {
            return false;
        }
        completed = true;
        for (CompletableFuture<RecordMetadata> future : futures) {
            future.completeExceptionally(error);
        }
        done.complete(null);
        return true;
    }

    /**
     * Two batches with the first and second half of the records (at least two), in order, with their
     * futures, reserved memory, age and attempts. This batch completes when both have.
     */
    List<ProducerBatch> split() {
        if (records.size() < 2 || completed) {
            throw new IllegalStateException("cannot split a batch of " + records.size() + " records");
        }
        completed = true;
        int half = records.size() / 2;
        ProducerBatch first = part(0, half);
        ProducerBatch second = part(half, records.size());
        CompletableFuture.allOf(first.done, second.done).whenComplete((ignored, error) -> done.complete(null));
        return List.of(first, second);
    }

    private ProducerBatch part(int from, int to) {
        ProducerBatch part = new ProducerBatch(topicPartition, createdNanos);
        for (int i = from; i < to; i++) {
            Record record = records.get(i);
            part.tryAppend(record, RecordBatchBuilder.maxSizeInBatch(record), futures.get(i), Integer.MAX_VALUE);
        }
        part.closed = true;
        part.attempts = attempts;
        part.lastError = lastError;
        return part;
    }

    @Override
    public String toString() {
        return "ProducerBatch[" + topicPartition + ", " + records.size() + " records, " + sizeInBytes + " bytes, "
                + attempts + " attempts]";
    }
}
