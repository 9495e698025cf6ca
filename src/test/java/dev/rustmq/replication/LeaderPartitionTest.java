package dev.rustmq.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.metadata.PartitionMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's bookkeeping of its followers: the high watermark and the in-sync proposals. */
class LeaderPartitionTest {
    private static final long LAG_MS = 1_000;

    private static LeaderPartition leader(List<String> isr, long epochStart) {
        return new LeaderPartition(new PartitionMetadata("t", 0, "b1", List.of("b1", "b2", "b3"), isr, 4), epochStart,
                0);
    }

    @Test
    void theHighWatermarkIsTheLowestCopyInTheInSyncSet() {
        LeaderPartition p = leader(List.of("b1", "b2", "b3"), 0);
        assertThat(p.highWatermark(10)).as("followers not heard from hold it at 0").isZero();
        p.onFollowerFetch("b2", 7, 10, 5);
        p.onFollowerFetch("b3", 4, 10, 5);
        assertThat(p.highWatermark(10)).isEqualTo(4);
        p.onFollowerFetch("b3", 10, 10, 6);
        assertThat(p.highWatermark(10)).isEqualTo(7);
        assertThat(p.highWatermark(6)).as("never past the leader's own durable end").isEqualTo(6);
    }

    @Test
    void aFollowerOutsideTheInSyncSetDoesNotHoldItBack() {
        LeaderPartition p = leader(List.of("b1", "b2"), 0);
        p.onFollowerFetch("b2", 9, 10, 5);
        assertThat(p.highWatermark(10)).isEqualTo(9);
    }

    @Test
    void aFollowerBehindForLongerThanTheLagLeavesAndOneThatCaughtUpJoins() {
        LeaderPartition p = leader(List.of("b1", "b2"), 0);
        p.onFollowerFetch("b3", 10, 10, 100);
        assertThat(p.proposeIsr(500, LAG_MS, 10)).as("b2's grace since the leader took over is not over; b3 "
                + "reached the end").contains(List.of("b1", "b2", "b3"));
        assertThat(p.proposeIsr(600, LAG_MS, 10)).as("one proposal at a time").isEmpty();
        assertThat(p.highWatermark(10)).as("a joiner counts at once").isZero();
        p.applyStored(new PartitionMetadata("t", 0, "b1", List.of("b1", "b2", "b3"), List.of("b1", "b2", "b3"), 4), 0);
        p.onFollowerFetch("b3", 12, 12, 1_500);
        assertThat(p.proposeIsr(1_500, LAG_MS, 0)).as("b2 has not caught up since time 0")
                .contains(List.of("b1", "b3"));
        assertThat(p.highWatermark(12)).as("until the drop is stored, b2 still counts").isZero();
        p.applyStored(new PartitionMetadata("t", 0, "b1", List.of("b1", "b2", "b3"), List.of("b1", "b3"), 4), 0);
        assertThat(p.highWatermark(12)).isEqualTo(12);
    }

    @Test
    void aFollowerKeepsUpUnderSteadyProductionByReachingTheEndOfItsPreviousFetch() {
        LeaderPartition p = leader(List.of("b1", "b2"), 0);
        for (long t = 0; t < 5_000; t += 100) {
            long leaderEnd = 10 + t / 10;
            // Each fetch reaches where the leader ended at the one before, never the moving end.
            p.onFollowerFetch("b2", leaderEnd - 10, leaderEnd, t);
        }
        assertThat(p.proposeIsr(5_000, LAG_MS, 0)).isEmpty();
    }

    @Test
    void aFollowerJoinsOnlyOnceItReachesWhereThisLeadersEpochStarted() {
        LeaderPartition p = leader(List.of("b1"), 20);
        p.onFollowerFetch("b2", 15, 20, 10);
        assertThat(p.proposeIsr(10, LAG_MS, 15)).as("at the high watermark, short of the epoch start").isEmpty();
        p.onFollowerFetch("b2", 20, 20, 20);
        assertThat(p.proposeIsr(20, LAG_MS, 15)).contains(List.of("b1", "b2"));
    }

    @Test
    void aFailedProposalCanBeMadeAgainAndAStoredSetOfAnotherEpochIsIgnored() {
        LeaderPartition p = leader(List.of("b1", "b2", "b3"), 0);
        assertThat(p.proposeIsr(2_000, LAG_MS, 0)).contains(List.of("b1"));
        p.proposalFailed();
        p.applyStored(new PartitionMetadata("t", 0, "b2", List.of("b1", "b2", "b3"), List.of("b2"), 5), 0);
        assertThat(p.isr()).containsExactly("b1", "b2", "b3");
        assertThat(p.proposeIsr(2_000, LAG_MS, 0)).contains(List.of("b1"));
    }
}
