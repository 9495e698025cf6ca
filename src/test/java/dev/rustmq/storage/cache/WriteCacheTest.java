package dev.rustmq.storage.cache;

import static dev.rustmq.storage.cache.CacheFixtures.bytes;
import static dev.rustmq.storage.cache.CacheFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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

    /** Across chunk boundaries and wrap-arounds, whatever the ring still holds is exactly what was put. */
    @Test
    void theRingNeverServesOverwrittenBytes() {
        WriteCache ring = new WriteCache(20L << 20); // two 8 MiB chunks
        TopicPartition tp = new TopicPartition("ring", 0);
        Random random = new Random(7);
        Map<Long, byte[]> written = new LinkedHashMap<>();
        for (long i = 0; i < 400; i++) {
            byte[] data = new byte[1 + random.nextInt(1 << 20)];
            random.nextBytes(data);
            ring.put(new CacheKey(tp, i), ByteBuffer.wrap(data));
            written.put(i, data);
            assertThat(ring.sizeBytes()).isLessThanOrEqualTo(16L << 20);
        }
        int present = 0;
        for (Map.Entry<Long, byte[]> e : written.entrySet()) {
            ByteBuffer got = ring.get(new CacheKey(tp, e.getKey()));
            if (got != null) {
                byte[] bytes = new byte[got.remaining()];
                got.get(bytes);
                assertThat(bytes).as("batch %d", e.getKey()).isEqualTo(e.getValue());
                present++;
            }
        }
        assertThat(present).as("the newest batches stay").isGreaterThan(10);
        assertThat(ring.get(new CacheKey(tp, 399))).isNotNull();
    }
}
