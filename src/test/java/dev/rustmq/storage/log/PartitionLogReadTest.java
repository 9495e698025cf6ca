package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.ORDERS_1;
import static dev.rustmq.storage.log.LogFixtures.PAYMENTS_0;
import static dev.rustmq.storage.log.LogFixtures.baseOffsets;
import static dev.rustmq.storage.log.LogFixtures.batch;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads: whole batches from the one holding the offset, maxBytes with at least one batch, and the bounds. */
class PartitionLogReadTest {
    /** Batches at offsets 0 | 1-3 | 4-8 | 9-10; the high watermark is 11. */
    private static final int[] COUNTS = {1, 3, 5, 2};
    private static final long[] BASES = {0, 1, 4, 9};
    private static final long HW = 11;

    private final LogManager logs = LogFixtures.memoryLogs();
    private final List<Integer> sizes = new ArrayList<>();

    @BeforeEach
    void appendBatches() {
        for (int i = 0; i < COUNTS.length; i++) {
            ByteBuffer batch = producerBatch("read-" + i, COUNTS[i]);
            sizes.add(batch.remaining());
            logs.append(ORDERS_0, batch, 1).join();
        }
    }

    @Test
    void aReadAtAnyOffsetStartsWithTheBatchHoldingItAndContinuesToTheHighWatermark() {
        for (long offset = 0; offset < HW; offset++) {
            int holder = holderOf(offset);
            LogReadResult read = logs.read(ORDERS_0, offset, Integer.MAX_VALUE);

            RecordBatch first = batch(read.batches().get(0));
            assertThat(first.baseOffset()).as("first batch for offset %d", offset).isEqualTo(BASES[holder]);
            assertThat(offset).isBetween(first.baseOffset(), first.lastOffset());
            List<Long> expected = new ArrayList<>();
            for (int i = holder; i < BASES.length; i++) {
                expected.add(BASES[i]);
            }
            assertThat(baseOffsets(read)).as("batches from offset %d", offset).isEqualTo(expected);
            assertThat(read.logStartOffset()).isZero();
            assertThat(read.highWatermark()).isEqualTo(HW);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 6, 8})
    void maxBytesSmallerThanTheFirstBatchStillReturnsThatWholeBatch(long offset) {
        for (int maxBytes : new int[] {0, 1, sizes.get(2) - 1}) {
            LogReadResult read = logs.read(ORDERS_0, offset, maxBytes);

            assertThat(read.batches()).as("maxBytes %d", maxBytes).hasSize(1);
            assertThat(batch(read.batches().get(0)).baseOffset()).isEqualTo(4);
            assertThat(read.sizeInBytes()).isEqualTo(sizes.get(2));
        }
    }

    @Test
    void maxBytesSpanningSeveralBatchesReturnsTheWholeBatchesThatFit() {
        int firstTwo = sizes.get(0) + sizes.get(1);
        int firstThree = firstTwo + sizes.get(2);

        assertThat(baseOffsets(logs.read(ORDERS_0, 0, firstTwo))).containsExactly(0L, 1L);
        assertThat(baseOffsets(logs.read(ORDERS_0, 0, firstThree - 1))).containsExactly(0L, 1L);
        assertThat(baseOffsets(logs.read(ORDERS_0, 0, firstThree))).containsExactly(0L, 1L, 4L);
        assertThat(baseOffsets(logs.read(ORDERS_0, 2, sizes.get(1) + sizes.get(2) + sizes.get(3))))
                .containsExactly(1L, 4L, 9L);
        assertThat(logs.read(ORDERS_0, 0, firstThree).sizeInBytes()).isEqualTo(firstThree);
    }

    @Test
    void aReadAtTheHighWatermarkIsEmptyAndReportsTheBounds() {
        LogReadResult read = logs.read(ORDERS_0, HW, 1 << 20);

        assertThat(read.batches()).isEmpty();
        assertThat(read.sizeInBytes()).isZero();
        assertThat(read.logStartOffset()).isZero();
        assertThat(read.highWatermark()).isEqualTo(HW);
        assertThat(read.logEndOffset()).isEqualTo(HW);
    }

    @Test
    void aNewEmptyPartitionReadsEmptyAtZero() {
        logs.partitionLog(ORDERS_1);

        LogReadResult read = logs.read(ORDERS_1, 0, 1 << 20);

        assertThat(read).isEqualTo(new LogReadResult(List.of(), 0, 0, 0));
        assertThatThrownBy(() -> logs.read(ORDERS_1, 1, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {HW + 1, HW + 100, Long.MAX_VALUE})
    void offsetsAboveTheHighWatermarkAreOutOfRange(long offset) {
        assertThatThrownBy(() -> logs.read(ORDERS_0, offset, 1 << 20))
                .isInstanceOfSatisfying(OffsetOutOfRangeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void offsetsBelowTheLogStartAreOutOfRange(long offset) {
        assertThatThrownBy(() -> logs.read(ORDERS_0, offset, 1 << 20))
                .isInstanceOfSatisfying(OffsetOutOfRangeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void aPartitionThisBrokerDoesNotHoldIsUnknown() {
        assertThat(logs.partition(PAYMENTS_0)).isEmpty();
        assertThatThrownBy(() -> logs.read(PAYMENTS_0, 0, 1 << 20))
                .isInstanceOfSatisfying(RustMqException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }

    @Test
    void repeatedReadsReturnTheSameBytesAsIndependentViews() {
        LogReadResult first = logs.read(ORDERS_0, 0, Integer.MAX_VALUE);
        first.batches().forEach(b -> b.position(b.limit()));

        LogReadResult second = logs.read(ORDERS_0, 0, Integer.MAX_VALUE);

        assertThat(second.sizeInBytes()).isEqualTo(sizes.stream().mapToInt(Integer::intValue).sum());
        assertThat(baseOffsets(second)).containsExactly(0L, 1L, 4L, 9L);
    }

    private static int holderOf(long offset) {
        for (int i = BASES.length - 1; i >= 0; i--) {
            if (offset >= BASES[i]) {
                return i;
            }
        }
        throw new IllegalArgumentException(Long.toString(offset));
    }
}
