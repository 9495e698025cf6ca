package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.failureOf;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rejected appends: corrupt or multi-batch requests and a full WAL fail, and use no offset. */
class PartitionLogRejectionTest {
    private final MemoryWriteAheadLog wal = new MemoryWriteAheadLog(64L << 20);
    private final LogManager logs = LogFixtures.open(wal);

    static Stream<Arguments> corruptions() {
        return Stream.of(
                corruption("a flipped byte in the CRC field", b -> flip(b, 17)),
                corruption("a flipped byte in the attributes", b -> flip(b, 22)),
                corruption("a flipped byte in the producer id", b -> flip(b, 50)),
                corruption("a flipped byte in the record count", b -> flip(b, 60)),
                corruption("a flipped byte in the records section", b -> flip(b, 70)),
                corruption("a flipped last byte", b -> flip(b, b.limit() - 1)),
                corruption("a wrong magic", b -> b.put(16, (byte) 3)),
                corruption("magic 2 relabelled magic 1", b -> b.put(16, (byte) 1)),
                corruption("codec gzip (1), with a valid CRC", b -> recrc(b.putShort(21, (short) 1))),
                corruption("codec snappy (2), with a valid CRC", b -> recrc(b.putShort(21, (short) 2))),
                corruption("a transactional batch, with a valid CRC", b -> recrc(b.putShort(21, (short) 0x10))),
                corruption("a magic-2 header cut to 50 bytes", b -> b.limit(50).putInt(8, 38)),
                corruption("a batchLength one too large", b -> b.putInt(8, b.getInt(8) + 1)),
                corruption("a batchLength one too small", b -> b.putInt(8, b.getInt(8) - 1)),
                corruption("a truncated batch", b -> b.limit(b.limit() - 1)),
                corruption("only part of the length prefix", b -> b.limit(10)),
                corruption("an empty request", b -> b.limit(0)));
    }

    private static Arguments corruption(String name, UnaryOperator<ByteBuffer> edit) {
        return Arguments.of(name, edit);
    }

    private static ByteBuffer flip(ByteBuffer batch, int index) {
        return batch.put(index, (byte) ~batch.get(index));
    }

    /** The CRC-32C of [21, end) written back: the change is one the CRC cannot catch. */
    private static ByteBuffer recrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(21));
        return batch.putInt(17, (int) crc.getValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aCorruptBatchIsRejectedAndUsesNoOffset(String name, UnaryOperator<ByteBuffer> corrupt) {
        logs.append(ORDERS_0, producerBatch("good-before", 2), 0).join();
        long walEnd = wal.endOffset();

        Throwable failure = failureOf(() -> logs.append(ORDERS_0, corrupt.apply(producerBatch("corrupt", 3)), 0));

        assertThat(failure).isInstanceOfSatisfying(CorruptRecordException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
        assertNothingStoredAfter(2, walEnd);
        assertThat(logs.append(ORDERS_0, producerBatch("good-after", 4), 0).join())
                .isEqualTo(new LogAppendResult(2, 5, 6));
    }

    @Test
    void twoBatchesInOneAppendAreRejected() {
        logs.append(ORDERS_0, producerBatch("good-before", 1), 0).join();
        long walEnd = wal.endOffset();
        ByteBuffer first = producerBatch("first", 2);
        ByteBuffer second = producerBatch("second", 3);
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second).flip();

        Throwable failure = failureOf(() -> logs.append(ORDERS_0, both, 0));

        assertThat(failure).isInstanceOfSatisfying(RustMqException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
        assertNothingStoredAfter(1, walEnd);
        assertThat(logs.append(ORDERS_0, producerBatch("good-after", 2), 0).join().baseOffset()).isEqualTo(1);
    }

    @Test
    void trailingBytesAfterTheBatchAreRejected() {
        ByteBuffer batch = producerBatch("trailing", 2);
        ByteBuffer padded = ByteBuffer.allocate(batch.remaining() + 3).put(batch).put(new byte[3]).flip();

        Throwable failure = failureOf(() -> logs.append(ORDERS_0, padded, 0));

        assertThat(failure).isInstanceOfSatisfying(RustMqException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
        assertThat(wal.endOffset()).isZero();
    }

    @Test
    void aFullWalFailsTheAppendAndUsesNoOffset() {
        ByteBuffer small = producerBatch("small-a", 2);
        long smallFrame = walBytesFor(small);
        MemoryWriteAheadLog tiny = new MemoryWriteAheadLog(2 * smallFrame);
        LogManager tight = LogFixtures.open(tiny);
        tight.append(ORDERS_0, small, 0).join();
        long walEnd = tiny.endOffset();

        Throwable failure = failureOf(() -> tight.append(ORDERS_0, producerBatch("large", 20), 0));

        assertThat(failure).isInstanceOfSatisfying(WalFullException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.WAL_FULL));
        PartitionLog log = tight.partition(ORDERS_0).orElseThrow();
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.highWatermark()).isEqualTo(2);
        assertThat(tiny.endOffset()).isEqualTo(walEnd);
        assertThat(tight.append(ORDERS_0, producerBatch("small-b", 2), 0).join())
                .isEqualTo(new LogAppendResult(2, 3, 4));
    }

    @Test
    void anAppendToADeletedPartitionsLogFails() {
        logs.append(ORDERS_0, producerBatch("old", 1), 0).join();
        PartitionLog deleted = logs.partition(ORDERS_0).orElseThrow();
        logs.deletePartition(ORDERS_0).join();

        Throwable failure = failureOf(() -> deleted.append(producerBatch("late", 1), 0));

        assertThat(failure).isInstanceOfSatisfying(RustMqException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }

    private void assertNothingStoredAfter(long logEnd, long walEnd) {
        PartitionLog log = logs.partition(ORDERS_0).orElseThrow();
        assertThat(log.logEndOffset()).isEqualTo(logEnd);
        assertThat(log.highWatermark()).isEqualTo(logEnd);
        assertThat(wal.endOffset()).as("nothing reached the WAL").isEqualTo(walEnd);
    }

    /** What one append of {@code batch} takes in a WAL: frame header, partition prefix and batch. */
    private static long walBytesFor(ByteBuffer batch) {
        MemoryWriteAheadLog probe = new MemoryWriteAheadLog(Long.MAX_VALUE);
        LogFixtures.open(probe).append(ORDERS_0, batch.duplicate(), 0).join();
        return probe.endOffset();
    }
}
