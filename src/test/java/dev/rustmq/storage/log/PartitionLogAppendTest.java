package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.ORDERS_1;
import static dev.rustmq.storage.log.LogFixtures.baseOffsets;
import static dev.rustmq.storage.log.LogFixtures.batch;
import static dev.rustmq.storage.log.LogFixtures.bytes;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static dev.rustmq.storage.log.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.MagicV1Batches;
import dev.rustmq.protocol.record.ProducerFields;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Appends: dense offsets, the append result, and a stored batch that differs from the producer's only in its header. */
class PartitionLogAppendTest {
    private final LogManager logs = LogFixtures.memoryLogs();

    @Test
    void offsetsAreDenseAcrossBatchesOfDifferentRecordCounts() {
        int[] counts = {1, 3, 7, 2, 1, 10};
        long expectedBase = 0;
        for (int i = 0; i < counts.length; i++) {
            LogAppendResult result = logs.append(ORDERS_0, producerBatch("batch-" + i, counts[i]), 0).join();
            long last = expectedBase + counts[i] - 1;
            assertThat(result).isEqualTo(new LogAppendResult(expectedBase, last, last + 1));
            expectedBase = last + 1;
        }
        PartitionLog log = logs.partition(ORDERS_0).orElseThrow();
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(24);
        assertThat(log.highWatermark()).isEqualTo(24);
        assertThat(baseOffsets(logs.read(ORDERS_0, 0, Integer.MAX_VALUE))).containsExactly(0L, 1L, 4L, 11L, 13L, 14L);
    }

    @Test
    void eachPartitionHasItsOwnOffsets() {
        logs.append(ORDERS_0, producerBatch("a", 5), 0).join();
        LogAppendResult other = logs.append(ORDERS_1, producerBatch("b", 2), 0).join();
        LogAppendResult again = logs.append(ORDERS_0, producerBatch("c", 1), 0).join();

        assertThat(other).isEqualTo(new LogAppendResult(0, 1, 2));
        assertThat(again).isEqualTo(new LogAppendResult(5, 5, 6));
        assertThat(logs.partitionCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void theStoredBatchIsTheProducersBytesWithOnlyBaseOffsetAndLeaderEpochRewritten(CompressionType compression) {
        logs.append(ORDERS_0, producerBatch("before", 4, compression), 2).join();
        ByteBuffer produced = producerBatch("under-test", 3, compression);
        byte[] producedBytes = bytes(produced);

        LogAppendResult result = logs.append(ORDERS_0, produced, 7).join();

        assertThat(result).isEqualTo(new LogAppendResult(4, 6, 7));
        ByteBuffer storedBuffer = logs.read(ORDERS_0, 4, Integer.MAX_VALUE).batches().get(0);
        RecordBatch stored = batch(storedBuffer);
        stored.validate();
        assertThat(stored.baseOffset()).isEqualTo(4);
        assertThat(stored.lastOffset()).isEqualTo(6);
        assertThat(stored.leaderEpoch()).isEqualTo(7);
        assertThat(stored.records()).isEqualTo(records("under-test", 3));
        assertThat(stored.records()).isEqualTo(RecordBatch.wrap(ByteBuffer.wrap(producedBytes)).records());

        byte[] storedBytes = bytes(storedBuffer);
        assertThat(storedBytes).hasSameSizeAs(producedBytes);
        assertThat(Arrays.copyOfRange(storedBytes, RecordBatch.HEADER_SIZE, storedBytes.length))
                .as("the record section is the producer's, not a re-encoding")
                .isEqualTo(Arrays.copyOfRange(producedBytes, RecordBatch.HEADER_SIZE, producedBytes.length));
        byte[] expected = producedBytes.clone();
        ByteBuffer.wrap(expected).putLong(0, 4L).putInt(12, 7);
        assertThat(storedBytes).as("only baseOffset (bytes 0-7) and leaderEpoch (bytes 12-15) change")
                .isEqualTo(expected);
        assertThat(stored.checksum()).isEqualTo(RecordBatch.wrap(ByteBuffer.wrap(producedBytes)).checksum());
    }

    @Test
    void aBatchNotAtPositionZeroIsStoredFromItsPosition() {
        ByteBuffer produced = producerBatch("offset-in-request", 2);
        ByteBuffer request = ByteBuffer.allocate(5 + produced.remaining());
        request.position(5).put(produced.duplicate()).position(5);

        assertThat(logs.append(ORDERS_0, request, 0).join()).isEqualTo(new LogAppendResult(0, 1, 2));
        assertThat(batch(logs.read(ORDERS_0, 0, 1).batches().get(0)).records())
                .isEqualTo(records("offset-in-request", 2));
    }

    @Test
    void leaderEpochIsKeptPerBatch() {
        logs.append(ORDERS_0, producerBatch("e3-a", 2), 3).join();
        logs.append(ORDERS_0, producerBatch("e3-b", 1), 3).join();
        logs.append(ORDERS_0, producerBatch("e5", 4), 5).join();
        PartitionLog log = logs.partition(ORDERS_0).orElseThrow();

        assertThat(log.leaderEpochOf(0)).isEqualTo(3);
        assertThat(log.leaderEpochOf(1)).isEqualTo(3);
        assertThat(log.leaderEpochOf(2)).isEqualTo(3);
        for (long offset = 3; offset <= 6; offset++) {
            assertThat(log.leaderEpochOf(offset)).as("epoch at %d", offset).isEqualTo(5);
        }
        assertThat(log.leaderEpochOf(7)).as("at the log end").isEqualTo(-1);
        assertThat(log.leaderEpochOf(-1)).isEqualTo(-1);
        assertThat(logs.read(ORDERS_0, 0, Integer.MAX_VALUE).batches())
                .extracting(b -> batch(b).leaderEpoch()).containsExactly(3, 3, 5);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void magic1BatchesFromOlderProducersAreAcceptedAndStoredAsSent(CompressionType compression) {
        logs.append(ORDERS_0, producerBatch("magic-2-before", 2, compression), 3).join();
        ByteBuffer legacy = MagicV1Batches.build(0, RecordBatch.NO_LEADER_EPOCH, compression, records("magic-1", 3));
        byte[] legacyBytes = bytes(legacy);

        assertThat(logs.append(ORDERS_0, legacy, 3).join()).isEqualTo(new LogAppendResult(2, 4, 5));
        logs.append(ORDERS_0, producerBatch("magic-2-after", 1, compression), 3).join();

        List<ByteBuffer> stored = logs.read(ORDERS_0, 0, Integer.MAX_VALUE).batches();
        assertThat(stored).extracting(b -> batch(b).magic()).containsExactly((byte) 2, (byte) 1, (byte) 2);
        assertThat(baseOffsets(logs.read(ORDERS_0, 0, Integer.MAX_VALUE))).containsExactly(0L, 2L, 5L);
        RecordBatch v1 = batch(stored.get(1));
        v1.validate();
        assertThat(v1.records()).isEqualTo(records("magic-1", 3));
        assertThat(v1.producerId()).isEqualTo(ProducerFields.NO_PRODUCER_ID);
        byte[] expected = legacyBytes.clone();
        ByteBuffer.wrap(expected).putLong(0, 2L).putInt(12, 3);
        assertThat(bytes(stored.get(1))).as("only baseOffset and leaderEpoch change in magic 1 too").isEqualTo(expected);
    }

    @Test
    void producerFieldsArePartOfTheStoredBatch() {
        ProducerFields producer = new ProducerFields(42L, (short) 3, 100);
        ByteBuffer produced = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.ZSTD, producer,
                records("idempotent", 4));

        logs.append(ORDERS_0, produced, 1).join();

        RecordBatch stored = batch(logs.read(ORDERS_0, 0, Integer.MAX_VALUE).batches().get(0));
        stored.validate();
        assertThat(new ProducerFields(stored.producerId(), stored.producerEpoch(), stored.baseSequence()))
                .isEqualTo(producer);
    }
}
