package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.ProducerFields;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A partition log's idempotent-producer rules: retries get their original offsets, sequences must continue. */
class IdempotentAppendTest {
    private static final long PRODUCER = 7;

    private static ByteBuffer batch(short epoch, int firstSequence, int count) {
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE,
                new ProducerFields(PRODUCER, epoch, firstSequence), LogFixtures.records("p" + firstSequence, count));
    }

    private static ErrorCode refusal(PartitionLog log, ByteBuffer batch) {
        try {
            log.append(batch, 0).join();
        } catch (CompletionException e) {
            return ((RustMqException) e.getCause()).code();
        }
        throw new AssertionError("appended");
    }

    @Test
    void aRetriedBatchGetsItsOriginalOffsetsAndIsNotWrittenTwice() {
        PartitionLog log = LogFixtures.memoryLogs().partitionLog(ORDERS_0);
        assertThat(log.append(batch((short) 0, 0, 3), 0).join().baseOffset()).isZero();
        assertThat(log.append(batch((short) 0, 3, 2), 0).join().baseOffset()).isEqualTo(3);

        LogAppendResult retried = log.append(batch((short) 0, 0, 3), 0).join();

        assertThat(retried.baseOffset()).isZero();
        assertThat(retried.lastOffset()).isEqualTo(2);
        assertThat(log.durableEnd()).as("nothing written twice").isEqualTo(5);
        assertThat(log.append(batch((short) 0, 5, 1), 0).join().baseOffset()).isEqualTo(5);
    }

    @Test
    void aGapOrAnOlderEpochIsRefusedWithNothingWritten() {
        PartitionLog log = LogFixtures.memoryLogs().partitionLog(ORDERS_0);
        log.append(batch((short) 0, 0, 2), 0).join();
        assertThat(refusal(log, batch((short) 0, 3, 1))).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(refusal(log, batch((short) 1, 4, 1))).as("a new epoch starts at 0")
                .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        log.append(batch((short) 1, 0, 1), 0).join();
        assertThat(refusal(log, batch((short) 0, 2, 1))).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH);
        assertThat(log.durableEnd()).isEqualTo(3);
    }

    @Test
    void onlyTheLastFiveBatchesAreKeptForRetries() {
        PartitionLog log = LogFixtures.memoryLogs().partitionLog(ORDERS_0);
        for (int s = 0; s < 6; s++) {
            log.append(batch((short) 0, s, 1), 0).join();
        }
        assertThat(log.append(batch((short) 0, 1, 1), 0).join().baseOffset()).isEqualTo(1);
        assertThatThrownBy(() -> log.append(batch((short) 0, 0, 1), 0).join()).hasMessageContaining("older batch");
    }

    @Test
    void aRestartRebuildsTheProducersFromTheWal() {
        MemoryWriteAheadLog wal = new MemoryWriteAheadLog(64L << 20);
        LogFixtures.open(wal).append(ORDERS_0, batch((short) 0, 0, 4), 0).join();

        PartitionLog restarted = LogFixtures.open(wal).partition(ORDERS_0).orElseThrow();

        assertThat(restarted.append(batch((short) 0, 0, 4), 0).join().baseOffset()).isZero();
        assertThat(restarted.durableEnd()).isEqualTo(4);
    }

    @Test
    void aFollowerKnowsTheLeadersProducersAndACutForgetsTheBatchesItRemoved() {
        LogManager leader = LogFixtures.memoryLogs();
        leader.append(ORDERS_0, batch((short) 0, 0, 2), 3).join();
        leader.append(ORDERS_0, batch((short) 0, 2, 2), 3).join();
        PartitionLog follower = LogFixtures.memoryLogs().partitionLog(ORDERS_0);
        for (ByteBuffer b : leader.partition(ORDERS_0).orElseThrow().readForReplica(0, Integer.MAX_VALUE).batches()) {
            follower.appendReplica(b).join();
        }
        assertThat(follower.append(batch((short) 0, 2, 2), 4).join().baseOffset())
                .as("as the new leader it answers the producer's retry from its copy").isEqualTo(2);

        follower.truncateTo(2).join();

        assertThat(follower.append(batch((short) 0, 2, 2), 4).join().baseOffset())
                .as("the cut batch is gone, so its retry is written").isEqualTo(2);
        assertThat(follower.durableEnd()).isEqualTo(4);
    }
}
