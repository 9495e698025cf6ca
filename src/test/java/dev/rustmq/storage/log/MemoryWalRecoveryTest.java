package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.baseOffsets;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import org.junit.jupiter.api.Test;

/** Recovery over an in-memory WAL: a second log manager opened on the same WAL instance. */
class MemoryWalRecoveryTest extends LogRecoveryContract {

    @Override
    LogManager openFresh() {
        return track(LogFixtures.open(new MemoryWriteAheadLog(64L << 20)));
    }

    @Override
    LogManager restart(LogManager running) {
        return track(LogFixtures.open(running.wal()));
    }

    @Test
    void afterTheWalIsTrimmedTheLogStartsAtTheFirstBatchLeftAndReadsBelowItAreOutOfRange() {
        MemoryWriteAheadLog wal = new MemoryWriteAheadLog(64L << 20);
        LogManager logs = track(LogFixtures.open(wal));
        logs.append(ORDERS_0, producerBatch("trimmed", 2), 0).join();
        long firstKept = wal.endOffset();
        logs.append(ORDERS_0, producerBatch("kept-a", 3), 0).join();
        logs.append(ORDERS_0, producerBatch("kept-b", 1), 0).join();
        wal.trim(firstKept);

        LogManager restarted = restart(logs);

        PartitionLog log = restarted.partition(ORDERS_0).orElseThrow();
        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(baseOffsets(restarted.read(ORDERS_0, 2, Integer.MAX_VALUE))).containsExactly(2L, 5L);
        LogReadResult atEnd = restarted.read(ORDERS_0, 6, 1 << 20);
        assertThat(atEnd.batches()).isEmpty();
        assertThat(atEnd.logStartOffset()).isEqualTo(2);
        for (long below : new long[] {0, 1}) {
            assertThatThrownBy(() -> restarted.read(ORDERS_0, below, 1 << 20))
                    .isInstanceOfSatisfying(OffsetOutOfRangeException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
        }
        assertThat(log.leaderEpochOf(1)).isEqualTo(-1);
        assertThat(restarted.append(ORDERS_0, producerBatch("next", 1), 0).join().baseOffset()).isEqualTo(6);
    }
}
