package dev.rustmq.storage.wal;

import static dev.rustmq.storage.wal.WalTestSupport.GIB;
import static dev.rustmq.storage.wal.WalTestSupport.append;
import static dev.rustmq.storage.wal.WalTestSupport.baseOffset;
import static dev.rustmq.storage.wal.WalTestSupport.bytes;
import static dev.rustmq.storage.wal.WalTestSupport.open;
import static dev.rustmq.storage.wal.WalTestSupport.options;
import static dev.rustmq.storage.wal.WalTestSupport.payload;
import static dev.rustmq.storage.wal.WalTestSupport.replayAll;
import static dev.rustmq.storage.wal.WalTestSupport.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.ForwardingTime;
import dev.rustmq.common.Time;
import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.errors.WalStorageException;
import dev.rustmq.storage.wal.WalTestSupport.Entry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriteAheadLogTest {
    private static final String WRITER_THREAD = "rustmq-wal-writer";

    @TempDir
    Path dir;

    /** Every WAL a test opens, closed after it (close is idempotent). */
    private final List<WriteAheadLog> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(WriteAheadLog::close);
    }

    private FileWriteAheadLog recovered(WalOptions options, List<Entry> replayed) {
        FileWriteAheadLog wal = open(options, replayed);
        opened.add(wal);
        return wal;
    }

    private FileWriteAheadLog recovered(WalOptions options) {
        return recovered(options, new ArrayList<>());
    }

    private static List<Entry> appendAll(WriteAheadLog wal, List<byte[]> payloads) {
        List<Entry> entries = new ArrayList<>();
        for (byte[] p : payloads) {
            entries.add(append(wal, p));
        }
        return entries;
    }

    private static List<byte[]> payloads(long seed, int... sizes) {
        List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            result.add(payload(seed * 1_000 + i, sizes[i]));
        }
        return result;
    }

    /** Positions only grow, and each entry starts right where the previous one ended. */
    private static void assertContiguous(List<Entry> entries, long firstOffset) {
        long expected = firstOffset;
        for (Entry e : entries) {
            assertThat(e.position().offset()).as("offset of %s", e).isEqualTo(expected);
            assertThat(e.position().size()).isEqualTo(e.payload().length);
            expected = e.position().nextOffset();
        }
    }

    private static void assertReadable(WriteAheadLog wal, List<Entry> entries) {
        for (Entry e : entries) {
            assertThat(bytes(wal.read(e.position()))).as("read(%s)", e.position()).isEqualTo(e.payload());
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void appendedEntriesReadBackAndReplayByteForByteAfterReopen() {
            WalOptions options = options(dir, GIB, 1 << 16);
            FileWriteAheadLog wal = recovered(options);
            assertThat(wal.startOffset()).isZero();
            assertThat(wal.endOffset()).isZero();

            // Recovery reads through a 1 MiB window: entries straddle it and one is larger than it.
            List<Entry> appended = appendAll(wal, payloads(1, 1, 2, 100, 7, 4096, 1, 65_000, 3, 400_000, 400_000,
                    400_000, 2_500_000, 5, 400_000));

            assertContiguous(appended, 0);
            assertReadable(wal, appended);
            Entry last = appended.get(appended.size() - 1);
            assertThat(wal.endOffset()).isEqualTo(last.position().nextOffset());
            assertThat(wal.sizeBytes()).isEqualTo(wal.endOffset());
            wal.close();

            List<Entry> replayed = new ArrayList<>();
            FileWriteAheadLog reopened = recovered(options, replayed);
            assertThat(replayed).containsExactlyElementsOf(appended);
            assertThat(reopened.endOffset()).isEqualTo(last.position().nextOffset());
            assertReadable(reopened, appended);
        }

        @Test
        void appendReadsOnlyTheRemainingBytesOfThePayload() {
            WalOptions options = options(dir, GIB, 4096);
            FileWriteAheadLog wal = recovered(options);
            byte[] whole = payload(7, 100);
            ByteBuffer window = ByteBuffer.wrap(whole, 10, 30);

            WalPosition position = WalTestSupport.await(wal.append(window, 1_000));

            byte[] expected = java.util.Arrays.copyOfRange(whole, 10, 40);
            assertThat(position).isEqualTo(new WalPosition(0, 30));
            assertThat(bytes(wal.read(position))).isEqualTo(expected);
            assertThat(window.position()).as("the caller's buffer is left as it was").isEqualTo(10);
            wal.close();
            assertThat(replayAll(options)).containsExactly(new Entry(position, expected));
        }

        @Test
        void entriesSpanManySmallSegmentsIncludingOnesLargerThanTheBufferAndTheSegment() {
            WalOptions options = options(dir, 4096, 1024);
            FileWriteAheadLog wal = recovered(options);
            Random random = new Random(42);
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                int size = switch (i % 10) {
                    case 3 -> 1024 + random.nextInt(2000);      // larger than the buffer
                    case 7 -> 4096 + random.nextInt(10_000);    // larger than a whole segment
                    default -> 1 + random.nextInt(900);
                };
                payloads.add(payload(i, size));
            }

            List<Entry> appended = appendAll(wal, payloads);

            assertContiguous(appended, 0);
            assertReadable(wal, appended);
            wal.close();

            List<Path> files = segmentFiles(dir);
            long total = appended.get(appended.size() - 1).position().nextOffset();
            long oversized = appended.stream().filter(e -> e.position().nextOffset() - e.position().offset() > 4096)
                    .count();
            long small = appended.stream().filter(e -> e.position().nextOffset() - e.position().offset() <= 4096)
                    .mapToLong(e -> e.position().nextOffset() - e.position().offset()).sum();
            assertThat((long) files.size()).as("segments of 4096 bytes for %s bytes", total)
                    .isGreaterThanOrEqualTo(oversized + small / 4096);
            // Files are named by their base offset and follow each other with no gap; a file goes
            // over segment_size_bytes only to hold one entry that is larger on its own.
            for (int i = 0; i < files.size(); i++) {
                long base = baseOffset(files.get(i));
                long end = i + 1 < files.size() ? baseOffset(files.get(i + 1)) : total;
                assertThat(end - base).as("size of %s", files.get(i)).isEqualTo(sizeOf(files.get(i)));
                if (end - base > 4096) {
                    assertThat(appended).as("the single entry of oversized %s", files.get(i))
                            .anyMatch(e -> e.position().offset() == base && e.position().nextOffset() == end);
                }
            }
            assertThat(baseOffset(files.get(0))).isZero();

            List<Entry> replayed = new ArrayList<>();
            FileWriteAheadLog reopened = recovered(options, replayed);
            assertThat(replayed).containsExactlyElementsOf(appended);
            assertThat(reopened.endOffset()).isEqualTo(total);
            assertReadable(reopened, appended);
        }

        @Test
        void appendsAfterRecoverContinueAtTheOldEndWithNoGapOrDuplicate() {
            WalOptions options = options(dir, 4096, 512);
            List<Entry> all = new ArrayList<>();
            for (int session = 0; session < 4; session++) {
                List<Entry> replayed = new ArrayList<>();
                FileWriteAheadLog wal = recovered(options, replayed);
                assertThat(replayed).as("replay of session %d", session).containsExactlyElementsOf(all);
                long end = all.isEmpty() ? 0 : all.get(all.size() - 1).position().nextOffset();
                assertThat(wal.endOffset()).isEqualTo(end);

                List<Entry> more = appendAll(wal, payloads(session, 300, 1, 5000, 700, 700, 700, 2));
                assertThat(more.get(0).position().offset()).isEqualTo(end);
                all.addAll(more);
                assertContiguous(all, 0);
                assertReadable(wal, all);
                wal.close();
            }
            assertThat(replayAll(options)).containsExactlyElementsOf(all);
        }

        @Test
        void recoverCreatesAMissingFolderAndStartsEmpty() {
            Path folder = dir.resolve("a/b/wal");
            List<Entry> replayed = new ArrayList<>();
            FileWriteAheadLog wal = recovered(options(folder, 4096, 512), replayed);

            assertThat(replayed).isEmpty();
            assertThat(folder).isDirectory();
            assertThat(wal.startOffset()).isZero();
            assertThat(wal.endOffset()).isZero();
            assertThat(append(wal, new byte[] {9}).position()).isEqualTo(new WalPosition(0, 1));
        }

        @Test
        void recoverTwiceIsRejected() {
            FileWriteAheadLog wal = recovered(options(dir, 4096, 512));
            assertThatThrownBy(() -> wal.recover((p, b) -> { }))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Trim {
        private WalOptions options;
        private FileWriteAheadLog wal;
        private List<Entry> appended;

        /** 40 entries of 500 bytes (508-byte frames): 8 to a 4096-byte segment, 5 segments. */
        private void fill() {
            options = options(dir, 4096, 1024);
            wal = recovered(options);
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                payloads.add(payload(i, 500));
            }
            appended = appendAll(wal, payloads);
            assertThat(segmentFiles(dir)).hasSize(5);
        }

        @Test
        void checkpointSurvivesReopenAndReplayStartsThere() {
            fill();
            Entry from = appended.get(21);      // in the middle of the third segment

            wal.trim(from.position().offset());

            assertThat(wal.startOffset()).isEqualTo(from.position().offset());
            assertThat(wal.sizeBytes()).isEqualTo(wal.endOffset() - from.position().offset());
            wal.close();

            List<Entry> replayed = new ArrayList<>();
            FileWriteAheadLog reopened = recovered(options, replayed);
            assertThat(reopened.startOffset()).isEqualTo(from.position().offset());
            assertThat(replayed).containsExactlyElementsOf(appended.subList(21, 40));
            assertThat(reopened.endOffset()).isEqualTo(appended.get(39).position().nextOffset());

            Entry next = append(reopened, payload(99, 10));
            assertThat(next.position().offset()).isEqualTo(appended.get(39).position().nextOffset());
        }

        @Test
        void wholeSegmentsBeforeTheCheckpointAreDeletedAndTheRestStay() {
            fill();
            List<Path> before = segmentFiles(dir);
            long trimTo = appended.get(21).position().offset();
            List<Path> expected = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                long nextBase = i + 1 < before.size() ? baseOffset(before.get(i + 1)) : Long.MAX_VALUE;
                if (nextBase > trimTo) {
                    expected.add(before.get(i));
                }
            }
            assertThat(expected).hasSize(3);

            wal.trim(trimTo);

            assertThat(segmentFiles(dir)).containsExactlyElementsOf(expected);
            assertThat(baseOffset(expected.get(0))).isLessThanOrEqualTo(trimTo);
        }

        @Test
        void trimToASegmentBoundaryKeepsTheSegmentThatStartsThere() {
            fill();
            List<Path> before = segmentFiles(dir);
            long boundary = baseOffset(before.get(2));
            int firstKept = (int) appended.stream().filter(e -> e.position().offset() < boundary).count();

            wal.trim(boundary);

            assertThat(segmentFiles(dir)).containsExactlyElementsOf(before.subList(2, 5));
            assertReadable(wal, appended.subList(firstKept, 40));
            wal.close();
            assertThat(replayAll(options)).containsExactlyElementsOf(appended.subList(firstKept, 40));
        }

        @Test
        void readOfATrimmedPositionFails() {
            fill();
            wal.trim(appended.get(21).position().offset());

            for (Entry gone : List.of(appended.get(0), appended.get(10), appended.get(20))) {
                assertThatThrownBy(() -> wal.read(gone.position()))
                        .isInstanceOf(WalStorageException.class)
                        .hasMessageContaining("trimmed");
            }
            assertReadable(wal, appended.subList(21, 40));
        }

        @Test
        void trimOfEverythingKeepsTheActiveSegmentAndAppendsContinueAtTheEnd() {
            fill();
            List<Path> before = segmentFiles(dir);
            long end = wal.endOffset();

            wal.trim(end);

            assertThat(wal.sizeBytes()).isZero();
            assertThat(segmentFiles(dir)).containsExactly(before.get(before.size() - 1));
            wal.close();

            List<Entry> replayed = new ArrayList<>();
            FileWriteAheadLog reopened = recovered(options, replayed);
            assertThat(replayed).isEmpty();
            assertThat(reopened.startOffset()).isEqualTo(end);
            assertThat(reopened.endOffset()).isEqualTo(end);
            Entry next = append(reopened, payload(5, 3000));
            assertThat(next.position().offset()).isEqualTo(end);
            reopened.close();
            assertThat(replayAll(options)).containsExactly(next);
        }

        @Test
        void trimBackwardsIsANoOpAndTrimPastTheEndIsRejected() {
            fill();
            long at = appended.get(30).position().offset();
            wal.trim(at);
            wal.trim(appended.get(5).position().offset());
            assertThat(wal.startOffset()).isEqualTo(at);

            assertThatThrownBy(() -> wal.trim(wal.endOffset() + 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(wal.startOffset()).isEqualTo(at);
            wal.close();
            assertThat(replayAll(options)).containsExactlyElementsOf(appended.subList(30, 40));
        }

        @Test
        void concurrentTrimsLeaveTheHighestCheckpoint() throws Exception {
            options = options(dir, 4096, 1024);
            wal = recovered(options);
            List<Entry> all = new ArrayList<>();
            int threads = 4;
            for (int round = 0; round < 10; round++) {
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    payloads.add(payload(round * 100 + i, 200));
                }
                List<Entry> batch = appendAll(wal, payloads);
                all.addAll(batch);
                CyclicBarrier start = new CyclicBarrier(threads);
                ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
                List<Thread> trimmers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    Thread trimmer = new Thread(() -> {
                        try {
                            start.await();
                            for (int i = first; i < batch.size(); i += threads) {
                                wal.trim(batch.get(i).position().offset());
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }, "trimmer-" + t);
                    trimmers.add(trimmer);
                    trimmer.start();
                }
                for (Thread trimmer : trimmers) {
                    trimmer.join(TimeUnit.SECONDS.toMillis(30));
                }
                assertThat(errors).as("errors of concurrent trims").isEmpty();
                assertThat(wal.startOffset()).as("start after round %d", round)
                        .isEqualTo(batch.get(batch.size() - 1).position().offset());
            }
            wal.close();

            List<Entry> replayed = new ArrayList<>();
            FileWriteAheadLog reopened = recovered(options, replayed);
            assertThat(reopened.startOffset()).isEqualTo(all.get(all.size() - 1).position().offset());
            assertThat(replayed).containsExactly(all.get(all.size() - 1));
        }
    }

    @Nested
    class Capacity {
        private static final int CAPACITY = 4096;
        private WalOptions options;
        private FileWriteAheadLog wal;
        private List<Entry> appended;

        /** Three 1008-byte frames: 3024 of 4096 bytes used. */
        private void fill() {
            options = options(dir, CAPACITY, 4096, 512, true, 1_000);
            wal = recovered(options);
            appended = appendAll(wal, payloads(3, 1000, 1000, 1000));
            assertThat(wal.sizeBytes()).isEqualTo(3024);
        }

        /** Calls append on a thread of its own, since a full WAL holds the caller. */
        private CompletableFuture<CompletableFuture<WalPosition>> appendOnAnotherThread(byte[] payload, long timeoutMs,
                                                                                        Thread[] thread) {
            CompletableFuture<CompletableFuture<WalPosition>> called = new CompletableFuture<>();
            thread[0] = new Thread(() -> called.complete(wal.append(ByteBuffer.wrap(payload), timeoutMs)), "appender");
            thread[0].setDaemon(true);
            thread[0].start();
            return called;
        }

        @Test
        void appendThatDoesNotFitFailsWithWalFullAfterItsTimeoutAndNothingIsWritten() {
            fill();

            CompletableFuture<WalPosition> result = wal.append(ByteBuffer.wrap(payload(4, 1500)), 200);

            assertThat(result).failsWithin(Duration.ofSeconds(30))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(WalFullException.class)
                    .withMessageContaining("full")
                    .withMessageContaining("capacity_bytes");
            assertThat(wal.endOffset()).isEqualTo(3024);
            assertThat(wal.stats().appends()).isEqualTo(3);
            // A smaller entry that fits is still accepted: the failed one reserved nothing.
            Entry small = append(wal, payload(5, 1000));
            assertThat(small.position().offset()).isEqualTo(3024);
            wal.close();
            List<Entry> expected = new ArrayList<>(appended);
            expected.add(small);
            assertThat(replayAll(options)).containsExactlyElementsOf(expected);
        }

        @Test
        void waitingAppendCompletesOnceAnotherThreadTrims() throws Exception {
            // Counts the appender's waits for room: each is a look at the free space that found too little.
            AtomicInteger waits = new AtomicInteger();
            Time counting = new ForwardingTime(Time.SYSTEM) {
                @Override
                public long awaitNanos(Condition condition, long nanos) throws InterruptedException {
                    waits.incrementAndGet();
                    return super.awaitNanos(condition, nanos);
                }
            };
            options = options(dir, CAPACITY, 4096, 512, true, 1_000);
            wal = new FileWriteAheadLog(options, counting);
            opened.add(wal);
            wal.recover((position, payload) -> { });
            appended = appendAll(wal, payloads(3, 1000, 1000, 1000));
            Thread[] appender = new Thread[1];
            byte[] big = payload(6, 2500);     // 2508-byte frame: needs two of the three entries trimmed

            CompletableFuture<CompletableFuture<WalPosition>> called = appendOnAnotherThread(big, 60_000, appender);

            await().atMost(Duration.ofSeconds(10)).until(() -> waits.get() >= 1);
            int before = waits.get();
            wal.trim(appended.get(1).position().offset());
            // 2016 + 2508 bytes still do not fit: woken by the trim, the append looks and waits again.
            await().atMost(Duration.ofSeconds(10)).until(() -> waits.get() > before);
            assertThat(called).isNotDone();
            assertThat(wal.endOffset()).isEqualTo(3024);

            wal.trim(appended.get(2).position().offset());

            WalPosition position = called.thenCompose(f -> f).get(30, TimeUnit.SECONDS);
            assertThat(position).isEqualTo(new WalPosition(3024, 2500));
            assertThat(bytes(wal.read(position))).isEqualTo(big);
            assertThat(wal.sizeBytes()).isEqualTo(1008 + 2508);
            wal.close();
            assertThat(replayAll(options)).containsExactly(appended.get(2), new Entry(position, big));
        }

        @Test
        void entryLargerThanTheCapacityFailsAtOnce() {
            fill();

            CompletableFuture<WalPosition> result = wal.append(ByteBuffer.wrap(new byte[CAPACITY]), 600_000);

            // The append neither waited its ten minutes nor left anything pending.
            assertThat(result).isCompletedExceptionally();
            assertThatThrownBy(result::join).hasCauseInstanceOf(WalFullException.class)
                    .hasMessageContaining("exceeds [wal] capacity_bytes");
            assertThat(wal.endOffset()).isEqualTo(3024);
        }

        @Test
        void entryOfExactlyTheCapacityFitsAnEmptyLog() {
            options = options(dir, CAPACITY, 4096, 512, true, 1_000);
            wal = recovered(options);

            Entry e = append(wal, payload(1, CAPACITY - WalFrame.HEADER_SIZE));

            assertThat(wal.sizeBytes()).isEqualTo(CAPACITY);
            CompletableFuture<WalPosition> more = wal.append(ByteBuffer.wrap(new byte[1]), 50);
            assertThat(more).failsWithin(Duration.ofSeconds(30))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(WalFullException.class);
            wal.trim(e.position().nextOffset());
            assertThat(append(wal, new byte[1]).position().offset()).isEqualTo(CAPACITY);
        }

        @Test
        void closeFailsAnAppendWaitingForSpace() {
            fill();
            Thread[] appender = new Thread[1];
            CompletableFuture<CompletableFuture<WalPosition>> called =
                    appendOnAnotherThread(payload(7, 2000), 600_000, appender);
            await().atMost(Duration.ofSeconds(10)).until(() -> appender[0].getState() == Thread.State.TIMED_WAITING);

            wal.close();

            await().atMost(Duration.ofSeconds(10)).until(called::isDone);
            assertThat(called.join()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(WalStorageException.class)
                    .withMessageContaining("closed");
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void emptyPayloadIsRejectedAndNothingIsWritten() {
            FileWriteAheadLog wal = recovered(options(dir, 4096, 512));

            CompletableFuture<WalPosition> result = wal.append(ByteBuffer.allocate(0), 1_000);

            assertThat(result).isCompletedExceptionally();
            assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(wal.endOffset()).isZero();
            assertThat(wal.stats().appends()).isZero();
            assertThat(append(wal, new byte[] {1}).position().offset()).isZero();
        }

        @Test
        void appendBeforeRecoverFails() {
            FileWriteAheadLog wal = new FileWriteAheadLog(options(dir, 4096, 512));
            opened.add(wal);

            CompletableFuture<WalPosition> result = wal.append(ByteBuffer.wrap(new byte[] {1}), 1_000);

            assertThat(result).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(WalStorageException.class)
                    .withMessageContaining("not recovered");
        }

        @Test
        void appendAfterCloseFailsAndTheClosedLogKeepsItsEntries() {
            WalOptions options = options(dir, 4096, 512);
            FileWriteAheadLog wal = recovered(options);
            Entry kept = append(wal, payload(1, 10));
            wal.close();

            CompletableFuture<WalPosition> result = wal.append(ByteBuffer.wrap(new byte[] {1}), 1_000);

            assertThat(result).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(WalStorageException.class)
                    .withMessageContaining("closed");
            wal.close();    // a second close is harmless
            assertThat(replayAll(options)).containsExactly(kept);
        }

        @Test
        void closeStopsTheWriterThreadEvenWithALongFlushInterval() {
            Set<Thread> before = writerThreads();
            FileWriteAheadLog wal = recovered(options(dir, GIB, 4096, 512, false, 600_000));
            append(wal, payload(1, 10));
            Set<Thread> mine = writerThreads();
            mine.removeAll(before);
            assertThat(mine).hasSize(1);

            wal.close();

            // close() returns only once its writer is gone (it waits at most 30 s for it).
            assertThat(mine.iterator().next().isAlive()).isFalse();
        }

        private static Set<Thread> writerThreads() {
            Set<Thread> result = new HashSet<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(WRITER_THREAD) && t.isAlive()) {
                    result.add(t);
                }
            }
            return result;
        }
    }

    @Nested
    class Sync {
        @Test
        void everyAcknowledgedAppendIsCoveredByASync() {
            FileWriteAheadLog wal = recovered(options(dir, 1 << 20, 4096));
            for (int i = 0; i < 20; i++) {
                long syncsBefore = wal.stats().syncs();
                append(wal, payload(i, 100));
                assertThat(wal.stats().syncs()).as("syncs after append %d", i).isGreaterThan(syncsBefore);
            }
        }

        @Test
        void concurrentAppendersShareSyncs() throws Exception {
            WalOptions options = options(dir, 1L << 30, 1 << 16);
            FileWriteAheadLog wal = recovered(options);
            int threads = 64;
            int perThread = 20;
            CyclicBarrier start = new CyclicBarrier(threads);
            ConcurrentLinkedQueue<Entry> acked = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread appender = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            acked.add(append(wal, payload(thread * 1_000L + i, 1 + (thread * 37 + i * 11) % 300)));
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "appender-" + t);
                appenders.add(appender);
                appender.start();
            }
            for (Thread appender : appenders) {
                appender.join(TimeUnit.SECONDS.toMillis(60));
            }

            assertThat(errors).isEmpty();
            WalStats stats = wal.stats();
            long bytes = acked.stream().mapToLong(e -> e.payload().length).sum();
            assertThat(stats.appends()).isEqualTo(threads * perThread);
            assertThat(stats.bytesAppended()).isEqualTo(bytes);
            assertThat(stats.sizeBytes()).isEqualTo(bytes + (long) threads * perThread * WalFrame.HEADER_SIZE);
            assertThat(stats.syncs()).as("group commit: one sync covers many appends").isLessThan(stats.appends());

            List<Entry> sorted = acked.stream().sorted(java.util.Comparator.comparingLong(e -> e.position().offset()))
                    .toList();
            assertContiguous(sorted, 0);
            wal.close();
            assertThat(replayAll(options)).containsExactlyElementsOf(sorted);
        }

        @Test
        void withoutFsyncOnWriteEntriesAreReadableAtOnceAndSurviveCloseAndReopen() {
            WalOptions options = options(dir, GIB, 1 << 20, 4096, false, 600_000);
            FileWriteAheadLog wal = recovered(options);
            List<Entry> appended = appendAll(wal, payloads(8, 10, 5000, 1, 300, 70_000, 12));

            assertReadable(wal, appended);
            assertThat(wal.stats().syncs()).as("no sync per append without fsync_on_write").isZero();
            wal.close();

            assertThat(replayAll(options)).containsExactlyElementsOf(appended);
        }

        @Test
        void withoutFsyncOnWriteTheFlushIntervalSyncs() {
            FileWriteAheadLog wal = recovered(options(dir, GIB, 1 << 20, 4096, false, 20));
            append(wal, payload(1, 10));

            await().atMost(Duration.ofSeconds(10)).until(() -> wal.stats().syncs() >= 1);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
