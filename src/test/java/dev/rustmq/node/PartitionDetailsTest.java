package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionDetailsTest {
    @Test
    void withoutALocalLogTheManifestGivesTheBoundsAndNothingLags() {
        PartitionManifest manifest = new PartitionManifest("t", 0, 2, 3, 100, List.of(
                new SegmentMetadata("a", 100, 199, 2, 5_000, 1L),
                new SegmentMetadata("b", 200, 249, 2, 2_500, 2L)));
        assertThat(PartitionDetails.of(Optional.empty(), Optional.of(manifest)))
                .isEqualTo(new PartitionDetails(100, 250, 250, 2, 7_500, 0));
    }

    @Test
    void withNeitherLogNorManifestEverythingIsZero() {
        assertThat(PartitionDetails.of(Optional.empty(), Optional.empty())).isEqualTo(PartitionDetails.EMPTY);
    }
}
