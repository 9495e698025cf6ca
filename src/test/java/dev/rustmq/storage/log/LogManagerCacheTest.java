package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.ORDERS_1;
import static dev.rustmq.storage.log.LogFixtures.batch;
import static dev.rustmq.storage.log.LogFixtures.hex;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static dev.rustmq.storage.log.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rustmq.storage.cache.CacheStats;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caches under the partition logs: the write cache holds the tail, catch-up reads come from
 * the WAL and then from the read cache, and they never push the tail out of the write cache.
 */
class LogManagerCacheTest {
    /** Ten batches of two records each, all the same size: batch i holds offsets 2i and 2i+1. */
    private static final int BATCHES = 10;
    private static final int TAIL = 3;

    private final MemoryWriteAheadLog wal = new MemoryWriteAheadLog(64L << 20);
    private final int batchSize = producerBatch("batch-00", 2).remaining();
    private final LogManager logs = LogManager.open(wal, new WriteCache((long) TAIL * batchSize),
            new ReadCache(1 << 20), 1_000);

    private void appendBatches() {
        for (int i = 0; i < BATCHES; i++) {
            ByteBuffer produced = producerBatch(String.format("batch-%02d", i), 2);
            assertThat(produced.remaining()).isEqualTo(batchSize);
            logs.append(ORDERS_0, produced, 0).join();
        }
    }

    private String readBatch(long baseOffset) {
        List<ByteBuffer> batches = logs.read(ORDERS_0, baseOffset, 1).batches();
        assertThat(batches).hasSize(1);
        assertThat(batch(batches.get(0)).baseOffset()).isEqualTo(baseOffset);
        return hex(batches.get(0));
    }

    @Test
    void theWriteCacheHoldsTheNewestBatchesWithinItsBudget() {
        assertThat(logs.cacheHitRatio()).as("before any read").isZero();

        appendBatches();

        CacheStats write = logs.writeCacheStats();
        assertThat(write.entries()).isEqualTo(TAIL);
        assertThat(write.sizeBytes()).isEqualTo((long) TAIL * batchSize);
        for (int i = BATCHES - TAIL; i < BATCHES; i++) {
            readBatch(2L * i);
        }
        assertThat(logs.writeCacheStats().hits()).isEqualTo(TAIL);
        assertThat(logs.readCacheStats()).isEqualTo(new CacheStats(0, 0, 0, 0));
        assertThat(logs.cacheHitRatio()).isEqualTo(1.0);
    }

    @Test
    void catchUpReadsComeFromTheWalThenFromTheReadCacheAndLeaveTheTailInTheWriteCache() {
        appendBatches();
        CacheStats writeBefore = logs.writeCacheStats();
        int old = BATCHES - TAIL;

        List<String> firstReads = new ArrayList<>();
        for (int i = 0; i < old; i++) {
            firstReads.add(readBatch(2L * i));
        }
        assertThat(logs.readCacheStats().misses()).as("each old batch was read from the WAL").isEqualTo(old);
        assertThat(logs.readCacheStats().hits()).isZero();
        assertThat(logs.readCacheStats().entries()).isEqualTo(old);
        assertThat(logs.writeCacheStats().entries()).isEqualTo(writeBefore.entries());
        assertThat(logs.writeCacheStats().sizeBytes()).isEqualTo(writeBefore.sizeBytes());

        // With the WAL emptied, only memory can serve the batches from here on.
        wal.trim(wal.endOffset());
        List<String> secondReads = new ArrayList<>();
        for (int i = 0; i < old; i++) {
            secondReads.add(readBatch(2L * i));
        }
        assertThat(secondReads).isEqualTo(firstReads);
        assertThat(logs.readCacheStats().hits()).isEqualTo(old);
        assertThat(logs.readCacheStats().misses()).isEqualTo(old);
        assertThat(batch(logs.read(ORDERS_0, 1, 1).batches().get(0)).records()).isEqualTo(records("batch-00", 2));

        long writeHits = logs.writeCacheStats().hits();
        for (int i = old; i < BATCHES; i++) {
            readBatch(2L * i);
        }
        assertThat(logs.writeCacheStats().hits()).as("the tail is still in the write cache")
                .isEqualTo(writeHits + TAIL);
        assertThat(logs.readCacheStats().misses()).isEqualTo(old);
        // 3 write hits + 8 read hits (7 old batches and offset 1 again) over those and 7 WAL reads.
        assertThat(logs.cacheHitRatio()).isCloseTo(11.0 / 18.0, within(1e-9));
    }

    @Test
    void aReadSpanningOldAndNewBatchesUsesBothCaches() {
        appendBatches();

        List<ByteBuffer> all = logs.read(ORDERS_0, 0, Integer.MAX_VALUE).batches();

        assertThat(all).hasSize(BATCHES);
        assertThat(logs.readCacheStats().misses()).isEqualTo(BATCHES - TAIL);
        assertThat(logs.writeCacheStats().hits()).isEqualTo(TAIL);
        assertThat(logs.cacheHitRatio()).isCloseTo((double) TAIL / BATCHES, within(1e-9));
    }

    @Test
    void deletingAPartitionDropsItsBatchesFromBothCaches() {
        appendBatches();
        readBatch(0);
        logs.append(ORDERS_1, producerBatch("other-00", 2), 0).join();
        assertThat(logs.readCacheStats().entries()).isEqualTo(1);

        logs.deletePartition(ORDERS_0).join();

        assertThat(logs.readCacheStats().entries()).isZero();
        assertThat(logs.writeCacheStats().entries()).isEqualTo(1);
        assertThat(logs.writeCacheStats().sizeBytes()).isEqualTo(batchSize);
    }

    @Test
    void aReadThatRacesADeleteLeavesNoOldBatchForTheRecreatedPartition() {
        // No write cache, so every read goes through the read cache.
        LogManager uncached = LogManager.open(new MemoryWriteAheadLog(64L << 20), new WriteCache(0),
                new ReadCache(1 << 20), 1_000);
        uncached.append(ORDERS_0, producerBatch("old", 3), 1).join();
        PartitionLog before = uncached.partition(ORDERS_0).orElseThrow();
        uncached.deletePartition(ORDERS_0).join();
        // A fetch that looked the partition up before the delete finishes after it.
        assertThat(batch(before.read(0, 1 << 20).batches().get(0)).records()).isEqualTo(records("old", 3));

        uncached.append(ORDERS_0, producerBatch("new", 3), 2).join();

        ByteBuffer served = uncached.read(ORDERS_0, 0, 1 << 20).batches().get(0);
        assertThat(batch(served).leaderEpoch()).as("epoch of the batch served at 0").isEqualTo(2);
        assertThat(batch(served).records()).isEqualTo(records("new", 3));
    }
}
