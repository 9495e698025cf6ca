package dev.rustmq.storage.cache;

import static dev.rustmq.storage.cache.CacheFixtures.bytes;
import static dev.rustmq.storage.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The write cache keeps the tail: the oldest inserted batches leave first, however often they were read. */
class WriteCacheTest {
    private final WriteCache cache = new WriteCache(300);

    @Test
    void evictsTheOldestInsertedFirst() {
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));
        cache.put(key(2), bytes(100, 2));

        cache.put(key(3), bytes(100, 3));

        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.get(key(1))).isNotNull();
        assertThat(cache.get(key(2))).isNotNull();
        assertThat(cache.get(key(3))).isNotNull();
    }

    @Test
    void readingAnOldBatchDoesNotKeepItInTheCache() {
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));
        cache.put(key(2), bytes(100, 2));
        for (int i = 0; i < 5; i++) {
            assertThat(cache.get(key(0))).isNotNull();
        }

        cache.put(key(3), bytes(100, 3));

        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.get(key(1))).isNotNull();
    }

    @Test
    void aLargeBatchPushesOutAsManyOfTheOldestAsNeeded() {
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));
        cache.put(key(2), bytes(50, 2));

        cache.put(key(3), bytes(200, 3));

        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.get(key(1))).isNull();
        assertThat(cache.get(key(2))).isNotNull();
        assertThat(cache.get(key(3))).isNotNull();
        assertThat(cache.sizeBytes()).isEqualTo(250);
    }
}
