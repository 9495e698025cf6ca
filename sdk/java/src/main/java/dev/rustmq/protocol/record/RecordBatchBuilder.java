package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.RecordBatch.HEADER_SIZE;
import static dev.rustmq.protocol.record.RecordBatch.LOG_OVERHEAD;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Encodes records into one batch (the producer side; the broker never re-encodes). Batches are
 * written as Kafka's RecordBatch v2 (magic 2); magic 1 is only read.
 */
public final class RecordBatchBuilder {
    private RecordBatchBuilder() {
    }

    /**
     * A new heap buffer holding exactly one batch, positioned at 0 with limit = capacity = its size.
     * firstTimestamp is the first record's timestamp (later records may be earlier: deltas are
     * signed); maxTimestamp the largest. Producers pass baseOffset 0 and
     * {@link RecordBatch#NO_LEADER_EPOCH}; the broker overwrites both. No producer id, epoch or
     * sequence ({@link ProducerFields#NONE}).
     *
     * @throws IllegalArgumentException if {@code records} is empty, a header key has no UTF-8
     *     form, or the batch is too large (a compressed batch's records may not exceed
     *     {@link RecordBatch#DEFAULT_MAX_UNCOMPRESSED_SIZE} uncompressed, so default readers can
     *     always decode it)
     */
    public static ByteBuffer build(long baseOffset, int leaderEpoch, CompressionType compression, List<Record> records) {
        return build(baseOffset, leaderEpoch, compression, ProducerFields.NONE, records);
    }

    /**
     * As {@link #build(long, int, CompressionType, List)}, with an idempotent producer's id, epoch
     * and the sequence number of the batch's first record. They lie inside the CRC: the broker
     * reads them but never rewrites them.
     */
    public static ByteBuffer build(long baseOffset, int leaderEpoch, CompressionType compression,
            ProducerFields producer, List<Record> records) {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a record batch needs at least one record");
        }
        int count = records.size();
        long firstTimestamp = Objects.requireNonNull(records.get(0), "record 0 is null").timestamp();
        long maxTimestamp = firstTimestamp;
        int[] bodySizes = new int[count];
        long sectionSize = 0;
        int i = 0;
        for (Record record : records) {
            if (record == null) {
                throw new NullPointerException("record " + i + " is null");
            }
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
            bodySizes[i] = RecordCodec.bodySize(record, i, firstTimestamp);
            sectionSize += ByteUtils.sizeOfVarint(bodySizes[i]) + bodySizes[i];
            i++;
        }
        long limit = compression == CompressionType.NONE
                ? Integer.MAX_VALUE - 8 - HEADER_SIZE
                : RecordBatch.DEFAULT_MAX_UNCOMPRESSED_SIZE;
        if (sectionSize > limit) {
            throw new IllegalArgumentException("records take " + sectionSize + " bytes, more than the "
                    + limit + " a " + compression + " batch may hold");
        }

        ByteBuffer batch;
        if (compression == CompressionType.NONE) {
            batch = ByteBuffer.allocate(HEADER_SIZE + (int) sectionSize);
            batch.position(HEADER_SIZE);
            writeRecords(batch, records, firstTimestamp, bodySizes);
        } else {
            ByteBuffer raw = ByteBuffer.allocate((int) sectionSize);
            writeRecords(raw, records, firstTimestamp, bodySizes);
            batch = ByteBuffer.wrap(Compressions.compress(BatchFormat.V2, compression, raw.array(), HEADER_SIZE));
        }
        int size = batch.capacity();
        batch.putLong(BatchLayout.BASE_OFFSET, baseOffset)
                .putInt(BatchLayout.BATCH_LENGTH, size - LOG_OVERHEAD)
                .putInt(BatchLayout.LEADER_EPOCH, leaderEpoch)
                .put(BatchLayout.MAGIC, RecordBatch.MAGIC_V2)
                .putShort(BatchLayout.ATTRIBUTES, (short) BatchFormat.V2.codecId(compression))
                .putInt(BatchLayout.LAST_OFFSET_DELTA, count - 1)
                .putLong(BatchLayout.FIRST_TIMESTAMP, firstTimestamp)
                .putLong(BatchLayout.MAX_TIMESTAMP, maxTimestamp)
                .putLong(BatchLayout.PRODUCER_ID, producer.producerId())
                .putShort(BatchLayout.PRODUCER_EPOCH, producer.producerEpoch())
                .putInt(BatchLayout.BASE_SEQUENCE, producer.baseSequence())
                .putInt(BatchLayout.V2_RECORD_COUNT, count);
        batch.putInt(BatchLayout.CRC, (int) BatchLayout.crc(batch, size));
        return batch.clear();
    }

    /**
     * The bytes {@code record} takes in a batch's uncompressed records section (length prefix
     * included) as the record at {@code offsetDelta} of a batch whose first timestamp is {@code
     * firstTimestamp}. A batch's size is {@link RecordBatch#HEADER_SIZE} plus these, uncompressed.
     *
     * @throws IllegalArgumentException if a header key has no UTF-8 form, or the record is too large to encode
     */
    public static int sizeInBatch(Record record, int offsetDelta, long firstTimestamp) {
        int body = RecordCodec.bodySize(record, offsetDelta, firstTimestamp);
        return ByteUtils.sizeOfVarint(body) + body;
    }

    /** The most {@code record} can take in any batch: {@link #sizeInBatch} at the widest deltas. */
    public static int maxSizeInBatch(Record record) {
        // Deltas of 0 take one byte each; at their widest the timestamp delta (varlong) takes 10, the
        // offset delta (varint) 5, and so may the body's length prefix.
        long body = RecordCodec.bodySize(record, 0, record.timestamp()) - 2L + 10 + 5;
        long size = 5 + body;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the record is too large to encode: " + size + " bytes");
        }
        return (int) size;
    }

    private static void writeRecords(ByteBuffer out, List<Record> records, long firstTimestamp, int[] bodySizes) {
        int i = 0;
        for (Record record : records) {
            RecordCodec.write(out, record, i, firstTimestamp, bodySizes[i]);
            i++;
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("records changed while being encoded");
        }
    }
}
