package dev.rustmq.storage.cache;

import static dev.rustmq.storage.cache.CacheFixtures.ORDERS_0;
import static dev.rustmq.storage.cache.CacheFixtures.ORDERS_1;
import static dev.rustmq.storage.cache.CacheFixtures.bytes;
import static dev.rustmq.storage.cache.CacheFixtures.contentOf;
import static dev.rustmq.storage.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link BatchCache} contract both caches keep: the byte budget, oversized entries, partition removal, views and counters. */
class BatchCacheContractTest {

    enum Kind {
        WRITE(WriteCache::new), READ(ReadCache::new);

        private final LongFunction<BatchCache> factory;

        Kind(LongFunction<BatchCache> factory) {
            this.factory = factory;
        }

        BatchCache create(long capacityBytes) {
            return factory.apply(capacityBytes);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void neverHoldsMoreThanItsBudgetAndAccountsEveryByte(Kind kind) {
        BatchCache cache = kind.create(1_000);
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            int size = 1 + random.nextInt(400);
            cache.put(key(i), bytes(size, i));
            assertThat(cache.sizeBytes()).as("after put %d", i).isBetween((long) size, 1_000L);
        }
        long held = 0;
        int entries = 0;
        for (int i = 0; i < 300; i++) {
            ByteBuffer b = cache.get(key(i));
            if (b != null) {
                held += b.remaining();
                entries++;
                assertThat(contentOf(b)).containsOnly((byte) i);
            }
        }
        assertThat(cache.sizeBytes()).isEqualTo(held);
        assertThat(cache.stats().sizeBytes()).isEqualTo(held);
        assertThat(cache.stats().entries()).isEqualTo(entries);
        assertThat(cache.capacityBytes()).isEqualTo(1_000);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anEntryLargerThanTheBudgetIsNotKeptAndEvictsNothing(Kind kind) {
        BatchCache cache = kind.create(300);
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));

        cache.put(key(2), bytes(301, 2));

        assertThat(cache.get(key(2))).isNull();
        assertThat(cache.get(key(0))).isNotNull();
        assertThat(cache.get(key(1))).isNotNull();
        assertThat(cache.sizeBytes()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anEntryOfExactlyTheBudgetIsKeptAndPushesOutEverythingElse(Kind kind) {
        BatchCache cache = kind.create(300);
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));

        cache.put(key(2), bytes(300, 2));

        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.get(key(1))).isNull();
        assertThat(contentOf(cache.get(key(2)))).hasSize(300);
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void replacingAnEntryCountsOnlyTheNewBytes(Kind kind) {
        BatchCache cache = kind.create(1_000);
        cache.put(key(0), bytes(100, 0));
        cache.put(key(0), bytes(40, 9));

        assertThat(cache.sizeBytes()).isEqualTo(40);
        assertThat(cache.stats().entries()).isEqualTo(1);
        assertThat(contentOf(cache.get(key(0)))).containsOnly((byte) 9).hasSize(40);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void replacingAnEntryWithOneLargerThanTheBudgetNeverServesTheOldBytes(Kind kind) {
        BatchCache cache = kind.create(300);
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));

        cache.put(key(0), bytes(301, 7));

        assertThat(cache.get(key(0))).as("after put(k, v) the cache holds v or nothing for k").isNull();
        assertThat(cache.sizeBytes()).isEqualTo(100);
        assertThat(cache.get(key(1))).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void removePartitionDropsOnlyThatPartitionsBatches(Kind kind) {
        BatchCache cache = kind.create(1_000);
        cache.put(key(ORDERS_0, 0), bytes(100, 1));
        cache.put(key(ORDERS_1, 0), bytes(50, 2));
        cache.put(key(ORDERS_0, 5), bytes(120, 3));
        cache.put(key(ORDERS_1, 9), bytes(30, 4));

        cache.removePartition(ORDERS_0);

        assertThat(cache.sizeBytes()).isEqualTo(80);
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.get(key(ORDERS_0, 0))).isNull();
        assertThat(cache.get(key(ORDERS_0, 5))).isNull();
        assertThat(contentOf(cache.get(key(ORDERS_1, 0)))).containsOnly((byte) 2);
        assertThat(contentOf(cache.get(key(ORDERS_1, 9)))).containsOnly((byte) 4);
        if (kind == Kind.READ) {
            // The write cache is a ring: freed space is reused when the writer comes round to it.
            cache.put(key(ORDERS_1, 20), bytes(920, 5));
            assertThat(cache.get(key(ORDERS_1, 0))).as("the freed bytes count as free").isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void countsHitsAndMisses(Kind kind) {
        BatchCache cache = kind.create(1_000);
        assertThat(cache.stats()).isEqualTo(new CacheStats(0, 0, 0, 0));
        assertThat(cache.stats().hitRatio()).isZero();
        cache.put(key(0), bytes(10, 0));

        cache.get(key(0));
        cache.get(key(0));
        cache.get(key(0));
        cache.get(key(1));

        assertThat(cache.stats()).isEqualTo(new CacheStats(3, 1, 10, 1));
        assertThat(cache.stats().hitRatio()).isEqualTo(0.75);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void getGivesEachCallerItsOwnReadOnlyView(Kind kind) {
        BatchCache cache = kind.create(1_000);
        ByteBuffer put = bytes(64, 3);
        cache.put(key(0), put);
        put.position(60);

        ByteBuffer first = cache.get(key(0));
        assertThatThrownBy(() -> first.put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
        first.position(first.limit());
        ByteBuffer second = cache.get(key(0));

        assertThat(second.remaining()).isEqualTo(64);
        assertThat(contentOf(second)).containsOnly((byte) 3);
    }
}
