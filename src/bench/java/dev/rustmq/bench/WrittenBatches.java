package dev.rustmq.bench;

import dev.rustmq.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the benchmark wrote to one partition: every batch has the same record count, so batch
 * {@code i} starts at offset {@code i * recordsPerBatch}; its producer CRC-32C is kept. A batch
 * read back is accepted only at the next expected offset, with the leader epoch it was written
 * with, the same CRC, and content that still matches that CRC: the bytes a consumer gets are the
 * bytes the producer sent.
 */
final class WrittenBatches {
    private final String partition;
    private final int recordsPerBatch;
    private final int leaderEpoch;
    private long[] checksums = new long[64];
    private int count;

    WrittenBatches(String partition, int recordsPerBatch, int leaderEpoch) {
        this.partition = partition;
        this.recordsPerBatch = recordsPerBatch;
        this.leaderEpoch = leaderEpoch;
    }

    /** Notes the next producer batch (before it is appended); returns the offset it must get. */
    synchronized long add(ByteBuffer producerBatch) {
        if (count == checksums.length) {
            checksums = Arrays.copyOf(checksums, count * 2);
        }
        checksums[count] = RecordBatch.wrap(producerBatch.duplicate()).checksum();
        return (long) recordsPerBatch * count++;
    }

    synchronized int batches() {
        return count;
    }

    /** The offset after the last record written. */
    synchronized long endOffset() {
        return (long) recordsPerBatch * count;
    }

    /** Checks one batch read at {@code expectedOffset}; returns the offset after it. */
    long verify(ByteBuffer read, long expectedOffset) {
        RecordBatch batch = RecordBatch.wrap(read.duplicate());
        if (batch.baseOffset() != expectedOffset || expectedOffset % recordsPerBatch != 0) {
            throw new IllegalStateException(partition + ": batch at offset " + batch.baseOffset() + " where "
                    + expectedOffset + " was expected");
        }
        long index = expectedOffset / recordsPerBatch;
        long expected;
        synchronized (this) {
            if (index >= count) {
                throw new IllegalStateException(partition + ": batch at offset " + expectedOffset
                        + " was never written (" + count + " batches were)");
            }
            expected = checksums[(int) index];
        }
        batch.validate();
        if (batch.checksum() != expected || batch.recordCount() != recordsPerBatch
                || batch.leaderEpoch() != leaderEpoch) {
            throw new IllegalStateException(String.format("%s: batch at offset %d differs from what was written "
                            + "(CRC 0x%08x, %d records, epoch %d; written: CRC 0x%08x, %d records, epoch %d)", partition,
                    expectedOffset, batch.checksum(), batch.recordCount(), batch.leaderEpoch(), expected,
                    recordsPerBatch, leaderEpoch));
        }
        return batch.nextOffset();
    }
}
