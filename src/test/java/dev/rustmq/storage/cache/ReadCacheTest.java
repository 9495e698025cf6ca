package dev.rustmq.storage.cache;

import static dev.rustmq.storage.cache.CacheFixtures.bytes;
import static dev.rustmq.storage.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The read cache evicts the least recently used batch. */
class ReadCacheTest {
    private final ReadCache cache = new ReadCache(300);

    @Test
    void evictsTheLeastRecentlyUsed() {
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));
        cache.put(key(2), bytes(100, 2));
        cache.get(key(0));

        cache.put(key(3), bytes(100, 3));

        assertThat(cache.get(key(1))).as("least recently used").isNull();
        assertThat(cache.get(key(0))).isNotNull();
        assertThat(cache.get(key(2))).isNotNull();
        assertThat(cache.get(key(3))).isNotNull();
    }

    @Test
    void followsTheOrderOfUseNotOfInsertion() {
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));
        cache.put(key(2), bytes(100, 2));
        cache.get(key(2));
        cache.get(key(1));
        cache.get(key(0));

        cache.put(key(3), bytes(100, 3));
        cache.put(key(4), bytes(100, 4));

        assertThat(cache.get(key(2))).isNull();
        assertThat(cache.get(key(1))).isNull();
        assertThat(cache.get(key(0))).isNotNull();
    }

    @Test
    void aMissDoesNotChangeTheOrder() {
        cache.put(key(0), bytes(100, 0));
        cache.put(key(1), bytes(100, 1));
        cache.put(key(2), bytes(100, 2));
        cache.get(key(99));

        cache.put(key(3), bytes(100, 3));

        assertThat(cache.get(key(0))).isNull();
        assertThat(cache.stats().misses()).isEqualTo(2);
    }
}
