package dev.rustmq.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Header;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Producer batches, log managers over an in-memory WAL, and read helpers shared by the log tests. */
final class LogFixtures {
    static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    static final TopicPartition PAYMENTS_0 = new TopicPartition("payments", 0);

    private LogFixtures() {
    }

    static LogManager open(WriteAheadLog wal) {
        return LogManager.open(wal, new WriteCache(8 << 20), new ReadCache(8 << 20), 5_000);
    }

    static LogManager memoryLogs() {
        return open(new MemoryWriteAheadLog(64L << 20));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code count} records whose keys and header name the tag; value sizes depend only on the
     * index, so two tags of the same length and count give batches of the same size.
     */
    static List<Record> records(String tag, int count) {
        Random random = new Random(tag.hashCode());
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[20 + 13 * i];
            random.nextBytes(value);
            records.add(new Record(1_700_000_000_000L + i, utf8(tag + "-" + i), value,
                    List.of(new Header("tag", utf8(tag)))));
        }
        return records;
    }

    /** A batch as a producer sends it: base offset 0, no leader epoch. */
    static ByteBuffer producerBatch(String tag, int count) {
        return producerBatch(tag, count, CompressionType.NONE);
    }

    static ByteBuffer producerBatch(String tag, int count, CompressionType compression) {
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, compression, records(tag, count));
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static String hex(ByteBuffer buffer) {
        return HexFormat.of().formatHex(bytes(buffer));
    }

    static RecordBatch batch(ByteBuffer bytes) {
        return RecordBatch.wrap(bytes.duplicate());
    }

    static List<Long> baseOffsets(LogReadResult read) {
        return read.batches().stream().map(b -> batch(b).baseOffset()).toList();
    }

    /**
     * Every visible batch of a partition, from its log start to its high watermark, as hex; checks
     * on the way that offsets are dense and every batch passes its CRC check.
     */
    static List<String> contents(LogManager logs, TopicPartition tp) {
        PartitionLog log = logs.partition(tp).orElseThrow();
        List<String> batches = new ArrayList<>();
        long next = log.logStartOffset();
        long end = log.highWatermark();
        while (next < end) {
            LogReadResult read = logs.read(tp, next, 4096);
            assertThat(read.batches()).as("batches of %s from %d", tp, next).isNotEmpty();
            for (ByteBuffer bytes : read.batches()) {
                RecordBatch b = batch(bytes);
                b.validate();
                assertThat(b.baseOffset()).as("dense offsets in %s", tp).isEqualTo(next);
                batches.add(hex(bytes));
                next = b.lastOffset() + 1;
            }
        }
        return batches;
    }

    /** The exception an append ends with, whether it is thrown at once or fails the future. */
    static Throwable failureOf(Supplier<? extends CompletableFuture<?>> append) {
        CompletableFuture<?> future;
        try {
            future = append.get();
        } catch (RuntimeException e) {
            return e;
        }
        Object result;
        try {
            result = future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            return e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the append neither failed nor completed", e);
        }
        throw new AssertionError("expected the append to fail, but it completed with " + result);
    }
}
