package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.ORDERS_1;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalFrame;
import dev.rustmq.storage.wal.WalOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends into a full file WAL wait for room without blocking the appending thread (in the broker,
 * a transport event loop that serves other connections): they queue, complete in order once a trim
 * frees room, and fail with WAL_FULL, using no offset, when their time is up.
 */
class WalRoomWaitTest {
    private static final int BATCH_RECORDS = 8;

    @TempDir
    Path dir;

    private FileWriteAheadLog wal;
    private LogManager logs;

    @AfterEach
    void close() {
        if (logs != null) {
            logs.close();
        }
    }

    /** A WAL with room for exactly {@code batches} test batches, and logs over it. */
    private void open(int batches, long appendTimeoutMs) {
        long frame = WalFrame.HEADER_SIZE + WalEntryCodec.batch(ORDERS_0, batch("probe-")).remaining();
        long capacity = batches * frame;
        wal = new FileWriteAheadLog(new WalOptions(dir, capacity, capacity, 4 << 10, false, 5));
        logs = LogManager.open(wal, new WriteCache(8 << 20), new ReadCache(8 << 20), appendTimeoutMs);
    }

    /** Batches of one size for tags of one length (six characters here). */
    private static ByteBuffer batch(String tag) {
        return producerBatch(tag, BATCH_RECORDS);
    }

    @Test
    void appendsIntoAFullWalReturnAtOnceAndCompleteInOrderWhenATrimFreesRoom() {
        open(2, 60_000);
        logs.append(ORDERS_0, batch("fill-a"), 0).join();
        logs.append(ORDERS_1, batch("fill-b"), 0).join();

        // Each call returns while its append still waits: the caller's thread is not held for the
        // 60 s an append may wait (the old behaviour returned only after the wait, failed).
        CompletableFuture<LogAppendResult> first = logs.append(ORDERS_0, batch("wait-1"), 0);
        CompletableFuture<LogAppendResult> second = logs.append(ORDERS_0, batch("wait-2"), 0);
        CompletableFuture<LogAppendResult> other = logs.append(ORDERS_1, batch("wait-3"), 0);
        assertThat(List.of(first, second, other)).allSatisfy(f -> assertThat(f).isNotDone());
        assertThat(logs.partition(ORDERS_0).orElseThrow().logEndOffset()).as("no offsets used while waiting")
                .isEqualTo(BATCH_RECORDS);

        wal.trim(wal.endOffset()); // as tiering does once the batches are uploaded

        assertThat(first.join()).isEqualTo(new LogAppendResult(BATCH_RECORDS, 2 * BATCH_RECORDS - 1,
                2 * BATCH_RECORDS));
        assertThat(second.join().baseOffset()).isEqualTo(2 * BATCH_RECORDS);
        // Room for two: the other partition's append, queued last, waits for the next trim.
        assertThat(other).isNotDone();
        assertThat(logs.append(ORDERS_1, batch("wait-4"), 0)).as("a new append queues behind it").isNotDone();
        wal.trim(wal.endOffset());
        assertThat(other.join().baseOffset()).isEqualTo(BATCH_RECORDS);
    }

    @Test
    void anAppendThatFindsNoRoomInTimeFailsWithWalFullAndUsesNoOffset() {
        open(1, 200);
        logs.append(ORDERS_0, batch("fill-a"), 0).join();

        CompletableFuture<LogAppendResult> late = logs.append(ORDERS_0, batch("late-1"), 0);
        CompletableFuture<LogAppendResult> later = logs.append(ORDERS_0, batch("late-2"), 0);
        assertThat(late).isNotDone();

        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<LogAppendResult> f : List.of(late, later)) {
            await().atMost(Duration.ofSeconds(10)).until(f::isDone);
            failures.add(f.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join());
        }
        assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(WalFullException.class, full -> {
            assertThat(full.code()).isEqualTo(ErrorCode.WAL_FULL);
            assertThat(full.getMessage()).contains("[wal] capacity_bytes").contains("object storage")
                    .contains("waited 200 ms");
        }));
        assertThat(logs.partition(ORDERS_0).orElseThrow().logEndOffset()).isEqualTo(BATCH_RECORDS);

        wal.trim(wal.endOffset());
        assertThat(logs.append(ORDERS_0, batch("after-"), 0).join().baseOffset()).as("offsets stay dense")
                .isEqualTo(BATCH_RECORDS);
    }

    @Test
    void closingFailsAppendsStillWaiting() {
        open(1, 60_000);
        logs.append(ORDERS_0, batch("fill-a"), 0).join();
        CompletableFuture<LogAppendResult> waiting = logs.append(ORDERS_0, batch("wait-1"), 0);

        logs.close();
        logs = null;

        await().atMost(Duration.ofSeconds(15)).until(waiting::isDone);
        assertThat(waiting).isCompletedExceptionally();
    }
}
