package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.baseOffsets;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What replication needs of a partition log: the leader's held-back high watermark, copies, cuts by epoch. */
class PartitionLogReplicaTest {

    /** The batches of {@code logs}' ORDERS_0 from {@code offset}, as a follower's fetch reads them. */
    private static List<ByteBuffer> replicaRead(LogManager logs, long offset) {
        return logs.partition(ORDERS_0).orElseThrow().readForReplica(offset, Integer.MAX_VALUE).batches();
    }

    @Test
    void aReplicatedLeaderShowsConsumersOnlyWhatTheReplicasConfirmed() {
        LogManager leader = LogFixtures.memoryLogs();
        PartitionLog log = leader.partitionLog(ORDERS_0);
        log.setReplicated(true);
        leader.append(ORDERS_0, producerBatch("a", 2), 1).join();
        leader.append(ORDERS_0, producerBatch("b", 3), 1).join();

        assertThat(log.durableEnd()).isEqualTo(5);
        assertThat(log.highWatermark()).isZero();
        assertThat(leader.read(ORDERS_0, 0, Integer.MAX_VALUE).batches()).isEmpty();
        assertThat(baseOffsets(log.readForReplica(0, Integer.MAX_VALUE))).containsExactly(0L, 2L);

        assertThat(log.advanceHighWatermark(2)).isTrue();
        assertThat(baseOffsets(leader.read(ORDERS_0, 0, Integer.MAX_VALUE))).containsExactly(0L);
        assertThat(log.advanceHighWatermark(1)).as("never back").isFalse();
        assertThat(log.advanceHighWatermark(99)).isTrue();
        assertThat(log.highWatermark()).as("never past the durable end").isEqualTo(5);

        log.setReplicated(false);
        leader.append(ORDERS_0, producerBatch("c", 1), 1).join();
        assertThat(log.highWatermark()).isEqualTo(6);
    }

    @Test
    void aFollowerCopiesTheLeadersBatchesWithTheirOffsetsAndEpochs() {
        LogManager leader = LogFixtures.memoryLogs();
        LogManager follower = LogFixtures.memoryLogs();
        leader.append(ORDERS_0, producerBatch("a", 2), 3).join();
        leader.append(ORDERS_0, producerBatch("b", 1), 4).join();
        PartitionLog copy = follower.partitionLog(ORDERS_0);

        for (ByteBuffer batch : replicaRead(leader, 0)) {
            copy.appendReplica(batch).join();
        }

        assertThat(copy.durableEnd()).isEqualTo(3);
        assertThat(copy.leaderEpochOf(1)).isEqualTo(3);
        assertThat(copy.leaderEpochOf(2)).isEqualTo(4);
        assertThat(copy.lastLeaderEpoch()).isEqualTo(4);
        assertThat(LogFixtures.bytes(replicaRead(follower, 0).get(1)))
                .isEqualTo(LogFixtures.bytes(replicaRead(leader, 0).get(1)));
    }

    @Test
    void aBatchThatDoesNotStartAtTheFollowersEndIsRefused() {
        LogManager leader = LogFixtures.memoryLogs();
        leader.append(ORDERS_0, producerBatch("a", 2), 1).join();
        leader.append(ORDERS_0, producerBatch("b", 1), 1).join();
        PartitionLog copy = LogFixtures.memoryLogs().partitionLog(ORDERS_0);

        assertThatThrownBy(() -> copy.appendReplica(replicaRead(leader, 2).get(0)).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("starts at 2")
                .hasMessageContaining("ends at 0");
        assertThat(copy.durableEnd()).isZero();
    }

    @Test
    void endOffsetForEpochIsWhereTheNextEpochBegins() {
        LogManager logs = LogFixtures.memoryLogs();
        logs.append(ORDERS_0, producerBatch("a", 2), 1).join();
        logs.append(ORDERS_0, producerBatch("b", 2), 1).join();
        logs.append(ORDERS_0, producerBatch("c", 1), 3).join();
        PartitionLog log = logs.partitionLog(ORDERS_0);

        assertThat(log.endOffsetForEpoch(0)).isZero();
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(4);
        assertThat(log.endOffsetForEpoch(2)).as("an epoch that wrote nothing ends where the next begins")
                .isEqualTo(4);
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(5);
        assertThat(log.endOffsetForEpoch(7)).isEqualTo(5);
    }

    @Test
    void truncationDropsTheDivergedTailAndTheNextCopyContinuesThere() {
        LogManager follower = LogFixtures.memoryLogs();
        PartitionLog log = follower.partitionLog(ORDERS_0);
        follower.append(ORDERS_0, producerBatch("kept", 2), 1).join();
        follower.append(ORDERS_0, producerBatch("diverged", 3), 1).join();
        assertThat(follower.read(ORDERS_0, 2, Integer.MAX_VALUE).batches()).hasSize(1);

        log.truncateTo(3).join();

        assertThat(log.durableEnd()).as("cut at the batch boundary below 3").isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.highWatermark()).isEqualTo(2);
        assertThatThrownBy(() -> follower.read(ORDERS_0, 3, 100)).isInstanceOf(OffsetOutOfRangeException.class);

        LogManager newLeader = LogFixtures.memoryLogs();
        newLeader.append(ORDERS_0, producerBatch("kept", 2), 1).join();
        newLeader.append(ORDERS_0, producerBatch("leader", 1), 2).join();
        log.appendReplica(replicaRead(newLeader, 2).get(0)).join();
        assertThat(log.leaderEpochOf(2)).isEqualTo(2);
        assertThat(LogFixtures.bytes(follower.read(ORDERS_0, 2, Integer.MAX_VALUE).batches().get(0)))
                .as("the new batch, not the cached diverged one")
                .isEqualTo(LogFixtures.bytes(replicaRead(newLeader, 2).get(0)));
    }

    @Test
    void aRestartReplaysTheTruncationSoTheDivergedTailStaysGone() {
        MemoryWriteAheadLog wal = new MemoryWriteAheadLog(64L << 20);
        LogManager follower = LogFixtures.open(wal);
        follower.append(ORDERS_0, producerBatch("kept", 2), 1).join();
        follower.append(ORDERS_0, producerBatch("diverged", 3), 1).join();
        PartitionLog log = follower.partitionLog(ORDERS_0);
        log.truncateTo(2).join();
        LogManager newLeader = LogFixtures.memoryLogs();
        newLeader.append(ORDERS_0, producerBatch("kept", 2), 1).join();
        newLeader.append(ORDERS_0, producerBatch("leader", 4), 2).join();
        log.appendReplica(replicaRead(newLeader, 2).get(0)).join();

        LogManager restarted = LogFixtures.open(wal);

        PartitionLog replayed = restarted.partition(ORDERS_0).orElseThrow();
        assertThat(replayed.durableEnd()).isEqualTo(6);
        List<Integer> epochs = new ArrayList<>();
        for (long offset = 0; offset < 6; offset++) {
            epochs.add(replayed.leaderEpochOf(offset));
        }
        assertThat(epochs).containsExactly(1, 1, 2, 2, 2, 2);
    }
}
