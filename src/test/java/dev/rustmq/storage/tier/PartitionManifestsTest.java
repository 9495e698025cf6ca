package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.FencedLeaderEpochException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Manifest updates: compare-and-set, continuity, idempotent retries, and stale-epoch fencing. */
class PartitionManifestsTest {
    private final KeyValueMetadataStore store = new MemoryMetadataStore();
    private final PartitionManifests manifests = new PartitionManifests(store);

    private static SegmentMetadata segment(long base, long last, int epoch) {
        return new SegmentMetadata(new SegmentKey(ORDERS_0, base, last, epoch).key(), base, last, epoch, 100, 7);
    }

    @Test
    void segmentsAppendInOffsetOrderAndARetryOfTheSameAppendIsASuccess() {
        PartitionManifest first = manifests.append(ORDERS_0, 2, List.of(segment(0, 9, 2)));
        assertThat(first.logStartOffset()).isZero();
        assertThat(first.endOffset()).isEqualTo(10);
        assertThat(first.leaderEpoch()).isEqualTo(2);

        PartitionManifest second = manifests.append(ORDERS_0, 2, List.of(segment(10, 14, 2), segment(15, 19, 2)));
        assertThat(second.segments()).extracting(SegmentMetadata::baseOffset).containsExactly(0L, 10L, 15L);
        assertThat(second.version()).isEqualTo(first.version() + 1);
        assertThat(manifests.load(ORDERS_0)).contains(second);

        assertThat(manifests.append(ORDERS_0, 2, List.of(segment(15, 19, 2)))).isEqualTo(second);
        assertThatThrownBy(() -> manifests.append(ORDERS_0, 2, List.of(segment(25, 29, 2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not follow");
        assertThatThrownBy(() -> manifests.append(ORDERS_0, 2, List.of(segment(12, 29, 2))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(manifests.load(ORDERS_0)).contains(second);
    }

    @Test
    void aStaleLeaderEpochIsFencedOnceANewerEpochWroteTheManifest() {
        manifests.append(ORDERS_0, 3, List.of(segment(0, 9, 3)));
        manifests.claim(ORDERS_0, 4, 0);

        assertThatThrownBy(() -> manifests.append(ORDERS_0, 3, List.of(segment(10, 19, 3))))
                .isInstanceOfSatisfying(FencedLeaderEpochException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER))
                .hasMessageContaining("epoch 4");
        assertThat(manifests.load(ORDERS_0).orElseThrow().endOffset()).isEqualTo(10);

        // The new leader's upload of the same range, under its own key, is accepted.
        PartitionManifest byNewLeader = manifests.append(ORDERS_0, 4, List.of(segment(10, 19, 4)));
        assertThat(byNewLeader.segments().get(1).key()).endsWith("-4.seg");
        // A newer writer raises the epoch with its first write.
        assertThat(manifests.append(ORDERS_0, 6, List.of(segment(20, 29, 6))).leaderEpoch()).isEqualTo(6);
        assertThatThrownBy(() -> manifests.append(ORDERS_0, 5, List.of(segment(30, 39, 5))))
                .isInstanceOf(FencedLeaderEpochException.class);
    }

    @Test
    void aConcurrentWriterBetweenReadAndWriteMakesTheUpdateRetryOnTheNewValue() {
        manifests.append(ORDERS_0, 1, List.of(segment(0, 9, 1)));
        AtomicInteger calls = new AtomicInteger();

        PartitionManifest result = manifests.update(ORDERS_0, 1, current -> {
            if (calls.getAndIncrement() == 0) {
                // Someone else appends after our read: our compare-and-set must fail and we re-read.
                manifests.append(ORDERS_0, 1, List.of(segment(10, 19, 1)));
            }
            return current.orElseThrow().withSegments(List.of(segment(current.get().endOffset(),
                    current.get().endOffset() + 4, 1)), 1);
        });

        assertThat(calls.get()).isEqualTo(2);
        assertThat(result.segments()).extracting(SegmentMetadata::baseOffset).containsExactly(0L, 10L, 20L);
        assertThat(manifests.load(ORDERS_0)).contains(result);
    }

    @Test
    void aFencedUpdateFromTheRaceIsRefusedToo() {
        manifests.append(ORDERS_0, 1, List.of(segment(0, 9, 1)));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> manifests.update(ORDERS_0, 1, current -> {
            if (calls.getAndIncrement() == 0) {
                manifests.claim(ORDERS_0, 2, 0); // a new leader takes over between our read and write
            }
            return current.orElseThrow().withSegments(List.of(segment(10, 19, 1)), 1);
        })).isInstanceOf(FencedLeaderEpochException.class);
        assertThat(manifests.load(ORDERS_0).orElseThrow().endOffset()).isEqualTo(10);
    }
}
