package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.CacheKey;
import dev.rustmq.storage.cache.CacheStats;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.errors.CorruptSegmentException;
import dev.rustmq.storage.log.LogReadResult;
import dev.rustmq.storage.log.OffsetAndTimestamp;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reads below the WAL: ranged GETs of segments through the read cache, read-ahead for sequential
 * readers, the hot tail left in the write cache, corrupt objects refused, lookups by time.
 */
class RemoteReadTest {
    private static final int BATCHES = 20;
    private static final int RECORDS = 5;
    private static final long T0 = 1_800_000_000_000L;
    /** Read ahead one batch: a read-ahead inside a segment is then exactly one GET. */
    private static final int ONE_BATCH = -1;
    private final List<byte[]> stored = new ArrayList<>();
    private int batchSize;
    private TierHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** Batch i holds offsets 5i..5i+4 with timestamps T0 + 100 i + r; segments of 4 batches; tail of 3 in the write cache. */
    private void uploadTwentyBatches(int readAheadBytes) {
        uploadTwentyBatches(readAheadBytes, 1, 4);
    }

    /** As above with segments of up to {@code segmentBatches} batches and a window of {@code readAheadChunks}. */
    private void uploadTwentyBatches(int readAheadBytes, int readAheadChunks, int segmentBatches) {
        stored.clear();
        List<ByteBuffer> batches = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
            List<Record> records = new ArrayList<>();
            for (int r = 0; r < RECORDS; r++) {
                records.add(new Record(T0 + 100L * i + r, ("k" + i).getBytes(), new byte[200 + r], List.of()));
            }
            batches.add(RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.ZSTD, records));
        }
        batchSize = batches.stream().mapToInt(ByteBuffer::remaining).max().orElseThrow();
        TierOptions options = TierOptions.defaults(segmentBatches * (long) batchSize - 1, 1_000)
                .withReadAheadBytes(readAheadBytes == ONE_BATCH ? batchSize : readAheadBytes)
                .withReadAheadChunks(readAheadChunks);
        MetadataStore metadata = new MemoryMetadataStore();
        TierFixtures.createTopics(metadata, List.of(ORDERS_0));
        h = new TierHarness(options, new MemoryWriteAheadLog(64L << 20), metadata, new FaultyObjectStore(),
                3L * batches.get(BATCHES - 1).remaining(), new MockTime());
        for (int i = 0; i < BATCHES; i++) {
            long base = h.logs.append(ORDERS_0, batches.get(i).duplicate(), 2).join().baseOffset();
            stored.add(StoreOutageTest.stored(batches.get(i), base, 2));
        }
        h.time.sleep(1_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            h.check();
            return h.wal.startOffset() == h.wal.endOffset();
        });
        assertThat(h.manifest(ORDERS_0).orElseThrow().segments()).hasSizeGreaterThanOrEqualTo(BATCHES / segmentBatches);
    }

    private List<ByteBuffer> read(long offset, int maxBytes) {
        LogReadResult r = h.logs.read(ORDERS_0, offset, maxBytes);
        assertThat(r.logStartOffset()).isZero();
        assertThat(r.highWatermark()).isEqualTo(BATCHES * RECORDS);
        return r.batches();
    }

    private byte[] batch(int i) {
        return stored.get(i);
    }

    @Test
    void catchUpReadsComeFromSegmentsThroughTheReadCacheAndLeaveTheTailInTheWriteCache() {
        uploadTwentyBatches(0);
        CacheStats writeBefore = h.writeCache.stats();
        assertThat(writeBefore.entries()).isEqualTo(3);
        int gets = h.store.rangedGets.get();

        List<ByteBuffer> first = read(7, 2 * batchSize);
        assertThat(first).hasSize(2);
        assertThat(TierFixtures.bytes(first.get(0))).isEqualTo(batch(1));
        assertThat(TierFixtures.bytes(first.get(1))).isEqualTo(batch(2));
        assertThat(h.store.rangedGets.get() - gets).as("footer and index, one range of batches").isEqualTo(2);

        // Again: from the read cache, no GET.
        gets = h.store.rangedGets.get();
        assertThat(TierFixtures.bytes(read(5, 1).get(0))).isEqualTo(batch(1));
        assertThat(h.store.rangedGets.get()).isEqualTo(gets);

        // A full catch-up from 0: every batch byte for byte, across segments.
        List<ByteBuffer> all = h.readAll(ORDERS_0, 3 * batchSize);
        assertThat(all).hasSize(BATCHES);
        for (int i = 0; i < BATCHES; i++) {
            assertThat(TierFixtures.bytes(all.get(i))).as("batch %d", i).isEqualTo(batch(i));
        }
        // The write cache still holds the same tail, untouched by the catch-up.
        CacheStats writeAfter = h.writeCache.stats();
        assertThat(writeAfter.entries()).isEqualTo(writeBefore.entries());
        assertThat(writeAfter.sizeBytes()).isEqualTo(writeBefore.sizeBytes());
        for (int i = BATCHES - 3; i < BATCHES; i++) {
            assertThat(h.writeCache.peek(new CacheKey(ORDERS_0, (long) i * RECORDS))).isNotNull();
        }
        assertThat(h.readCache.stats().entries()).isEqualTo(BATCHES - 3);
    }

    @Test
    void aSequentialReaderGetsTheNextRangeFetchedAhead() {
        uploadTwentyBatches(3 * 2048, TierOptions.DEFAULT_READ_AHEAD_CHUNKS, 4); // chunks end at segment ends
        read(0, 1);
        read(5, 1); // continues where the last read ended: sequential

        await().atMost(Duration.ofSeconds(10)).until(() ->
                h.readCache.peek(new CacheKey(ORDERS_0, 10)) != null
                        && h.readCache.peek(new CacheKey(ORDERS_0, 15)) != null);
        CacheStats before = h.readCache.stats();
        assertThat(TierFixtures.bytes(read(10, 1).get(0))).isEqualTo(batch(2));
        assertThat(TierFixtures.bytes(read(15, 1).get(0))).isEqualTo(batch(3));
        CacheStats after = h.readCache.stats();
        assertThat(after.hits() - before.hits()).as("served from what was read ahead").isEqualTo(2);
        assertThat(after.misses()).isEqualTo(before.misses());
    }

    @Test
    void aReaderWaitsForTheReadAheadOfItsBatchesInsteadOfFetchingThemAgain() throws Exception {
        uploadTwentyBatches(ONE_BATCH);
        // Inside a segment of four or more batches, so reading ahead one batch is one GET (no index to load).
        long base = h.manifest(ORDERS_0).orElseThrow().segments().stream()
                .filter(s -> s.lastOffset() - s.baseOffset() + 1 >= 4 * RECORDS).findFirst().orElseThrow().baseOffset();
        read(base, 1);
        // Fair: GETs pass the gate in arrival order.
        Semaphore gate = new Semaphore(0, true);
        h.store.rangeGate = gate;
        int gets = h.store.rangedGets.get();
        try {
            gate.release(); // the read below
            read(base + RECORDS, 1); // sequential: the next batch is fetched ahead, and that GET waits at the gate
            await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGets.get() == gets + 2);

            CompletableFuture<List<ByteBuffer>> next = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    next.complete(read(base + 2 * RECORDS, 1));
                } catch (Throwable e) {
                    next.completeExceptionally(e);
                }
            }, "reader");
            reader.start();
            // Blocked: on the read-ahead (or, were it to fetch the batch itself, at the gate).
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
            // One permit, taken by the read-ahead's GET (first in line): a reader fetching the batch again would
            // wait at the gate behind it for good; one that waits for the read-ahead gets it from the read cache.
            gate.release();
            List<ByteBuffer> batches = next.get(10, TimeUnit.SECONDS);
            assertThat(TierFixtures.bytes(batches.get(0))).isEqualTo(batch((int) (base / RECORDS) + 2));
        } finally {
            h.store.rangeGate = null;
            gate.release(100);
        }
    }

    @Test
    void aReadAheadStillQueuedIsDoneByTheReaderThatNeedsIt() {
        uploadTwentyBatches(ONE_BATCH);
        // A reader of its own whose read-ahead tasks wait in a queue that nothing runs (a busy pool).
        List<Runnable> queued = new ArrayList<>();
        RemoteReader reader = new RemoteReader(h.objectStore, new ManifestCache(new PartitionManifests(h.metadata)),
                new SegmentIndexCache(h.objectStore, 1 << 20), h.writeCache, new ReadCache(1 << 20), batchSize,
                1, queued::add);
        reader.read(ORDERS_0, 0, BATCHES * RECORDS, 1);
        reader.read(ORDERS_0, 5, BATCHES * RECORDS, 1);
        assertThat(queued).as("read-ahead from 10").hasSize(1);

        int gets = h.store.rangedGets.get();
        List<ByteBuffer> batches = reader.read(ORDERS_0, 10, BATCHES * RECORDS, 1); // does not wait for the queue
        assertThat(TierFixtures.bytes(batches.get(0))).isEqualTo(batch(2));
        assertThat(h.store.rangedGets.get() - gets).as("the reader fetched batch 2 itself").isEqualTo(1);
        queued.get(0).run();
        assertThat(h.store.rangedGets.get() - gets).as("the claimed read-ahead does nothing").isEqualTo(1);
        assertThat(queued).as("then a read-ahead from 15").hasSize(2);
    }

    @Test
    void aSequentialReaderKeepsSeveralRangedGetsInFlight() {
        uploadTwentyBatches(ONE_BATCH, 4, 12);
        read(0, 1);
        Semaphore gate = new Semaphore(0, true);
        h.store.rangeGate = gate;
        int gets = h.store.rangedGets.get();
        try {
            gate.release(); // the read below
            read(5, 1); // sequential: a window of four one-batch chunks, batches 2..5, each its own GET
            await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGetsWaiting.get() == 4);
            assertThat(h.store.rangedGets.get() - gets).isEqualTo(5);
        } finally {
            h.store.rangeGate = null;
            gate.release(100);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGetsWaiting.get() == 0);
        for (int i = 2; i <= 5; i++) {
            int before = h.store.rangedGets.get();
            assertThat(TierFixtures.bytes(read(i * RECORDS, 1).get(0))).isEqualTo(batch(i));
            // Batch i was read ahead; only batch i + 4 is asked for now (by the read-ahead, soon).
            await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGets.get() - before >= 1);
            assertThat(h.readCache.peek(new CacheKey(ORDERS_0, (long) i * RECORDS))).isNotNull();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> h.readCache.peek(new CacheKey(ORDERS_0, 45)) != null);
        assertThat(h.store.rangedGets.get() - gets).as("batches 1..9, once each").isEqualTo(9);
    }

    @Test
    void aSequentialCatchUpFetchesNoByteTwice() {
        for (int chunkBatches : new int[] {1, 2}) {
            uploadTwentyBatches(0, 1, 4);
            long bytes = h.store.rangedBytes.get();
            h.readAll(ORDERS_0, chunkBatches * batchSize);
            long withoutReadAhead = h.store.rangedBytes.get() - bytes; // every batch and index fetched once
            h.close();

            uploadTwentyBatches(chunkBatches * batchSize, 4, 4);
            long start = h.store.rangedBytes.get();
            List<ByteBuffer> all = h.readAll(ORDERS_0, chunkBatches * batchSize);
            for (int i = 0; i < BATCHES; i++) {
                assertThat(TierFixtures.bytes(all.get(i))).as("batch %d", i).isEqualTo(batch(i));
            }
            // Read-ahead still running after the last read finishes soon; never more bytes than without it.
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(100))
                    .until(() -> h.store.rangedGetsWaiting.get() == 0
                            && h.store.rangedBytes.get() - start == withoutReadAhead);
            h.close();
            h = null;
        }
    }

    @Test
    void seeksInTheMiddleOfSequentialReadsStillReadTheRightBatches() {
        uploadTwentyBatches(ONE_BATCH, 4, 6);
        int[] reads = {0, 1, 2, 3, 9, 10, 11, 4, 5, 6, 7, 8, 16, 17, 0, 1, 12, 13, 14, 15, 16, 2};
        for (int i : reads) {
            List<ByteBuffer> batches = read((long) i * RECORDS + (i % 2), 1);
            assertThat(TierFixtures.bytes(batches.get(0))).as("batch %d", i).isEqualTo(batch(i));
        }
        // After the windows settle, every batch once more, sequentially, across segments.
        List<ByteBuffer> all = h.readAll(ORDERS_0, batchSize);
        for (int i = 0; i < BATCHES; i++) {
            assertThat(TierFixtures.bytes(all.get(i))).as("batch %d", i).isEqualTo(batch(i));
        }
    }

    @Test
    void theWindowIsBoundedByTheReadCache() {
        assertThat(RemoteReader.windowChunks(1 << 20, 4, 512L << 20)).isEqualTo(4);
        assertThat(RemoteReader.windowChunks(1 << 20, 4, 16L << 20)).as("an eighth of the read cache").isEqualTo(2);
        assertThat(RemoteReader.windowChunks(1 << 20, 4, 1L << 20)).as("at least one chunk").isEqualTo(1);
        assertThat(RemoteReader.windowChunks(0, 4, 512L << 20)).as("read-ahead off").isZero();
    }

    @Test
    void aReaderWhoseWindowIsNeverRunByThePoolReadsEverythingItself() {
        uploadTwentyBatches(ONE_BATCH, 4, 4);
        // Read-ahead tasks wait in a queue nothing runs (a pool busy with readers): each read does the chunks it needs.
        List<Runnable> queued = new ArrayList<>();
        RemoteReader reader = new RemoteReader(h.objectStore, new ManifestCache(new PartitionManifests(h.metadata)),
                new SegmentIndexCache(h.objectStore, 1 << 20), h.writeCache, new ReadCache(1 << 20), batchSize,
                4, queued::add);
        long next = 0;
        for (int i = 0; i < BATCHES; i++) {
            List<ByteBuffer> batches = reader.read(ORDERS_0, next, BATCHES * RECORDS, 1);
            assertThat(TierFixtures.bytes(batches.get(0))).as("batch %d", i).isEqualTo(batch(i));
            next = RecordBatch.wrap(batches.get(0).duplicate()).lastOffset() + 1;
        }
        assertThat(queued).as("chunks were planned ahead").isNotEmpty();
        int gets = h.store.rangedGets.get();
        queued.forEach(Runnable::run);
        assertThat(h.store.rangedGets.get()).as("every chunk was done (or dropped) by the reader").isEqualTo(gets);
    }

    @Test
    void aReadSpanningTwoChunksWaitsForTheOneInFlightInsteadOfFetchingItsBatchesAgain() throws Exception {
        uploadTwentyBatches(ONE_BATCH, 4, 12);
        List<Runnable> queued = new ArrayList<>();
        RemoteReader reader = new RemoteReader(h.objectStore, new ManifestCache(new PartitionManifests(h.metadata)),
                new SegmentIndexCache(h.objectStore, 1 << 20), h.writeCache, new ReadCache(1 << 20), batchSize,
                4, queued::add);
        reader.read(ORDERS_0, 0, BATCHES * RECORDS, 1);
        reader.read(ORDERS_0, 5, BATCHES * RECORDS, 1);
        assertThat(queued).as("chunks of batches 2, 3, 4, 5").hasSize(4);
        Semaphore gate = new Semaphore(0, true);
        h.store.rangeGate = gate;
        int gets = h.store.rangedGets.get();
        Thread chunk3 = new Thread(queued.get(1), "chunk of batch 3");
        try {
            // The reader wants batches 2 and 3: it does chunk 2 itself (still queued); its GET is first at the gate.
            CompletableFuture<List<ByteBuffer>> read = CompletableFuture.supplyAsync(
                    () -> reader.read(ORDERS_0, 10, BATCHES * RECORDS, 2 * batchSize));
            await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGetsWaiting.get() == 1);
            chunk3.start(); // chunk 3 in flight, behind it
            await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGetsWaiting.get() == 2);
            gate.release(); // the reader's GET of batch 2
            await().atMost(Duration.ofSeconds(10)).until(() -> h.store.rangedGetsWaiting.get() == 1);
            // Now it waits for chunk 3; were it to fetch batch 3 again, that GET would be counted and wait at the gate.
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(200))
                    .until(() -> h.store.rangedGetsWaiting.get() >= 1 && !read.isDone());
            assertThat(h.store.rangedGets.get() - gets).as("batch 2 by the reader, batch 3 by its chunk").isEqualTo(2);
            gate.release();
            List<ByteBuffer> batches = read.get(10, TimeUnit.SECONDS);
            assertThat(batches).hasSize(2);
            assertThat(TierFixtures.bytes(batches.get(0))).isEqualTo(batch(2));
            assertThat(TierFixtures.bytes(batches.get(1))).isEqualTo(batch(3));
            assertThat(h.store.rangedGets.get() - gets).isEqualTo(2);
        } finally {
            h.store.rangeGate = null;
            gate.release(100);
            chunk3.join(10_000);
        }
    }

    @Test
    void aCorruptSegmentIsAStorageErrorNeverWrongData() {
        uploadTwentyBatches(0);
        SegmentMetadata second = h.manifest(ORDERS_0).orElseThrow().segments().get(1);
        byte[] object = TierFixtures.bytes(h.store.objects.get(second.key()));
        object[60] ^= 0x10; // inside the first batch's records
        h.store.objects.put(second.key(), ByteBuffer.wrap(object));

        assertThatThrownBy(() -> read(second.baseOffset(), 1))
                .isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
                    assertThat(e.getMessage()).contains(second.key()).contains("corrupt");
                });
        // Other segments still read.
        assertThat(TierFixtures.bytes(read(0, 1).get(0))).isEqualTo(batch(0));
    }

    @Test
    void lookupsByTimeFindRecordsInObjectStorage() {
        uploadTwentyBatches(0);
        assertThat(h.log(ORDERS_0).offsetForTimestamp(T0 + 503))
                .contains(new OffsetAndTimestamp(28, T0 + 503));
        assertThat(h.log(ORDERS_0).offsetForTimestamp(0)).contains(new OffsetAndTimestamp(0, T0));
        assertThat(h.log(ORDERS_0).offsetForTimestamp(T0 + 1_905)).as("past the last record").isEmpty();
        assertThat(h.log(ORDERS_0).offsetForTimestamp(T0 + 1_904)).contains(new OffsetAndTimestamp(99, T0 + 1_904));
    }

    @Test
    void readsBelowTheWalAreMarkedRemoteSoFetchesCanMoveThemOffEventLoops() {
        uploadTwentyBatches(0);
        assertThat(h.logs.isRemoteRead(ORDERS_0, 0)).isTrue();
        assertThat(h.logs.isRemoteRead(ORDERS_0, 99)).isTrue();
        assertThat(h.logs.isRemoteRead(ORDERS_0, 100)).as("the high watermark").isFalse();
        h.logs.append(ORDERS_0, TierFixtures.producerBatch("new", 1, 10), 2).join();
        assertThat(h.logs.isRemoteRead(ORDERS_0, 100)).as("in the WAL").isFalse();
    }
}
