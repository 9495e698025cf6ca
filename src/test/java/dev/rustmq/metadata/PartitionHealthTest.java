package dev.rustmq.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionHealthTest {
    @Test
    void countsOfflineUnderReplicatedAndInSyncReplicas() {
        List<PartitionMetadata> partitions = List.of(
                new PartitionMetadata("t", 0, "b1", List.of("b1", "b2", "b3"), List.of("b1", "b2", "b3"), 0),
                new PartitionMetadata("t", 1, "b2", List.of("b2", "b3", "b1"), List.of("b2"), 3),
                new PartitionMetadata("t", 2, PartitionMetadata.NO_LEADER, List.of("b3"), List.of("b3"), 1));

        assertThat(PartitionHealth.of(partitions)).isEqualTo(new PartitionHealth(3, 1, 1, 5));
        assertThat(PartitionHealth.of(List.of())).isEqualTo(PartitionHealth.NONE);
    }
}
