package dev.rustmq.storage.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.storage.errors.CorruptSegmentException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Loading a segment's index: one ranged GET for footer and index together, two when the index is larger. */
class SegmentIndexCacheTest {
    private final FaultyObjectStore store = new FaultyObjectStore();

    private SegmentMetadata upload(String key, int batches) {
        SegmentWriter.Built built = SegmentWriter.write(TierFixtures.storedBatches(0, batches, 1, 3,
                CompressionType.NONE), 3);
        store.put(key, built.object());
        SegmentFooter f = built.footer();
        return new SegmentMetadata(key, f.baseOffset(), f.lastOffset(), 3, f.objectSize(), f.maxTimestamp());
    }

    private static void assertIndexes(SegmentIndex index, int batches) {
        assertThat(index.size()).isEqualTo(batches);
        for (int i = 0; i < batches; i++) {
            assertThat(index.entry(i).baseOffset()).isEqualTo(i);
        }
    }

    @Test
    void aSmallIndexComesWithTheFooterInOneGet() {
        SegmentMetadata segment = upload("small.seg", 100);
        SegmentIndexCache cache = new SegmentIndexCache(store, 1 << 20);

        assertIndexes(cache.get(segment), 100);
        assertThat(store.rangedGets.get()).isEqualTo(1);
        assertIndexes(cache.get(segment), 100);
        assertThat(store.rangedGets.get()).as("cached").isEqualTo(1);
    }

    @Test
    void anIndexLargerThanTheTailReadTakesASecondGet() {
        int batches = SegmentIndexCache.TAIL_BYTES / SegmentIndex.ENTRY_SIZE + 10;
        SegmentMetadata segment = upload("large.seg", batches);

        assertIndexes(new SegmentIndexCache(store, 1 << 20).get(segment), batches);
        assertThat(store.rangedGets.get()).isEqualTo(2);
    }

    @Test
    void anObjectShorterThanTheManifestSaysIsCorrupt() {
        SegmentMetadata segment = upload("cut.seg", 100);
        ByteBuffer whole = store.get("cut.seg");
        store.put("cut.seg", whole.limit(whole.limit() - 1));

        assertThatThrownBy(() -> new SegmentIndexCache(store, 1 << 20).get(segment))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("cut.seg");
    }
}
