package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.metadata.PartitionMetadata;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReassignmentTest {
    private static final Set<String> ALL_LIVE = Set.of("b1", "b2", "b3", "b4");

    private static PartitionMetadata moving(String leader, List<String> replicas, List<String> isr, List<String> target) {
        return new PartitionMetadata("t", 0, leader, replicas, isr, 7, target, 0);
    }

    @Test
    void aPartitionThatIsNotMovingIsLeftAlone() {
        PartitionMetadata p = new PartitionMetadata("t", 0, "b1", List.of("b1", "b2"), List.of("b1", "b2"), 7);
        assertThat(Reassignment.next(p, ALL_LIVE)).isEmpty();
    }

    @Test
    void aMoveFirstAddsTheNewReplicasWithoutChangingLeaderOrEpoch() {
        PartitionMetadata p = moving("b1", List.of("b1", "b2"), List.of("b1", "b2"), List.of("b3", "b4"));

        PartitionMetadata next = Reassignment.next(p, ALL_LIVE).orElseThrow();

        assertThat(next.replicas()).containsExactly("b1", "b2", "b3", "b4");
        assertThat(next.leader()).isEqualTo("b1");
        assertThat(next.leaderEpoch()).isEqualTo(7);
        assertThat(next.isr()).containsExactly("b1", "b2");
        assertThat(next.targetReplicas()).containsExactly("b3", "b4");
    }

    @Test
    void itWaitsUntilEveryTargetReplicaIsInSync() {
        PartitionMetadata p = moving("b1", List.of("b1", "b2", "b3", "b4"), List.of("b1", "b2", "b3"),
                List.of("b3", "b4"));
        assertThat(Reassignment.next(p, ALL_LIVE)).isEmpty();
    }

    @Test
    void whenTheLeaderLeavesTheFirstLiveTargetLeadsOneEpochLater() {
        PartitionMetadata p = moving("b1", List.of("b1", "b2", "b3", "b4"), List.of("b1", "b2", "b3", "b4"),
                List.of("b3", "b4"));

        PartitionMetadata done = Reassignment.next(p, Set.of("b1", "b2", "b4")).orElseThrow();

        assertThat(done.replicas()).containsExactly("b3", "b4");
        assertThat(done.leader()).isEqualTo("b4");
        assertThat(done.leaderEpoch()).isEqualTo(8);
        assertThat(done.isr()).containsExactlyInAnyOrder("b3", "b4");
        assertThat(done.isMoving()).isFalse();
    }

    @Test
    void whenTheLeaderStaysOnlyTheReplicasChange() {
        PartitionMetadata p = moving("b2", List.of("b1", "b2", "b3"), List.of("b1", "b2", "b3"), List.of("b2", "b3"));

        PartitionMetadata done = Reassignment.next(p, ALL_LIVE).orElseThrow();

        assertThat(done.replicas()).containsExactly("b2", "b3");
        assertThat(done.leader()).isEqualTo("b2");
        assertThat(done.leaderEpoch()).isEqualTo(7);
        assertThat(done.isr()).containsExactly("b2", "b3");
    }

    @Test
    void anOfflinePartitionWaitsForAnElectionFirst() {
        PartitionMetadata p = moving(PartitionMetadata.NO_LEADER, List.of("b1"), List.of("b1"), List.of("b2"));
        assertThat(Reassignment.next(p, ALL_LIVE)).isEmpty();
    }

    @Test
    void noLiveTargetMeansTheLeaderStaysUntilOneIs() {
        PartitionMetadata p = moving("b1", List.of("b1", "b3"), List.of("b1", "b3"), List.of("b3"));
        assertThat(Reassignment.next(p, Set.of("b1"))).isEmpty();
    }
}
