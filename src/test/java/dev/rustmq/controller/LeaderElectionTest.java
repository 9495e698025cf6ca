package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.metadata.PartitionMetadata;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The election rules, one case each. */
class LeaderElectionTest {
    private static PartitionMetadata p(String leader, List<String> isr, int epoch) {
        return new PartitionMetadata("t", 0, leader, List.of("b1", "b2", "b3"), isr, epoch);
    }

    @Test
    void aLiveLeaderWithALiveIsrStaysAsItIs() {
        assertThat(LeaderElection.next(p("b1", List.of("b1", "b2"), 4), Set.of("b1", "b2", "b3"))).isEmpty();
    }

    @Test
    void deadFollowersLeaveTheIsrWithoutANewLeaderEpoch() {
        PartitionMetadata next = LeaderElection.next(p("b1", List.of("b1", "b2", "b3"), 4), Set.of("b1", "b3"))
                .orElseThrow();
        assertThat(next.isr()).containsExactly("b1", "b3");
        assertThat(next.leaderEpoch()).isEqualTo(4);
        assertThat(next.partitionEpoch()).as("a later partition epoch fences the leader's older proposals")
                .isEqualTo(1);
    }

    @Test
    void aDeadLeaderIsReplacedByTheFirstLiveInSyncReplicaInReplicaOrderOneEpochLater() {
        assertThat(LeaderElection.next(p("b1", List.of("b3", "b1", "b2"), 4), Set.of("b2", "b3")))
                .contains(p("b2", List.of("b3", "b2"), 5));
    }

    @Test
    void aReplicaOutsideTheIsrIsNeverElected() {
        assertThat(LeaderElection.next(p("b1", List.of("b1"), 4), Set.of("b2", "b3")))
                .contains(p(PartitionMetadata.NO_LEADER, List.of("b1"), 5));
    }

    @Test
    void anOfflinePartitionStaysOfflineUntilAnInSyncReplicaReturnsAndThenItLeads() {
        PartitionMetadata offline = p(PartitionMetadata.NO_LEADER, List.of("b1"), 5);
        assertThat(LeaderElection.next(offline, Set.of("b2", "b3"))).isEmpty();
        assertThat(LeaderElection.next(offline, Set.of("b1"))).contains(p("b1", List.of("b1"), 6));
    }
}
