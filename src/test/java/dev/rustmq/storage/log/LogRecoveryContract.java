package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.storage.log.LogFixtures.ORDERS_1;
import static dev.rustmq.storage.log.LogFixtures.PAYMENTS_0;
import static dev.rustmq.storage.log.LogFixtures.baseOffsets;
import static dev.rustmq.storage.log.LogFixtures.batch;
import static dev.rustmq.storage.log.LogFixtures.contents;
import static dev.rustmq.storage.log.LogFixtures.producerBatch;
import static dev.rustmq.storage.log.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.MagicV1Batches;
import dev.rustmq.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a restart over the same WAL must give back, whatever the WAL: every partition with the
 * same bounds, epochs and bytes, offsets that continue, and deletions that stay deleted.
 */
abstract class LogRecoveryContract {
    private static final List<TopicPartition> PARTITIONS = List.of(ORDERS_0, ORDERS_1, PAYMENTS_0);

    private final List<LogManager> opened = new ArrayList<>();

    /** A log manager over a new, empty WAL. */
    abstract LogManager openFresh();

    /** A broker restart: a new log manager recovered from what {@code running}'s WAL holds. */
    abstract LogManager restart(LogManager running);

    LogManager track(LogManager logs) {
        opened.add(logs);
        return logs;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(LogManager::close);
    }

    record PartitionState(long logStart, long highWatermark, long logEnd, List<Integer> epochs, List<String> batches) {
    }

    static PartitionState state(LogManager logs, TopicPartition tp) {
        PartitionLog log = logs.partition(tp).orElseThrow();
        List<Integer> epochs = new ArrayList<>();
        for (long offset = log.logStartOffset(); offset < log.highWatermark(); offset++) {
            epochs.add(log.leaderEpochOf(offset));
        }
        return new PartitionState(log.logStartOffset(), log.highWatermark(), log.logEndOffset(), epochs,
                contents(logs, tp));
    }

    private static Map<TopicPartition, PartitionState> states(LogManager logs) {
        Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
        for (TopicPartition tp : PARTITIONS) {
            states.put(tp, state(logs, tp));
        }
        return states;
    }

    @Test
    void aRestartRebuildsEveryPartitionWithTheSameBoundsEpochsAndBytes() {
        LogManager logs = openFresh();
        for (int round = 0; round < 6; round++) {
            for (int p = 0; p < PARTITIONS.size(); p++) {
                TopicPartition tp = PARTITIONS.get(p);
                int count = 1 + (round * 3 + p) % 5;
                CompressionType compression = CompressionType.values()[(round + p) % CompressionType.values().length];
                logs.append(tp, producerBatch(tp + "-" + round, count, compression), round / 2 + p).join();
            }
        }
        Map<TopicPartition, PartitionState> before = states(logs);

        LogManager after = restart(logs);

        assertThat(after.partitionCount()).isEqualTo(PARTITIONS.size());
        assertThat(states(after)).isEqualTo(before);
        assertThat(before.get(ORDERS_0).batches()).hasSize(6);
        assertThat(before.get(ORDERS_0).logEnd()).isEqualTo(before.get(ORDERS_0).highWatermark());
    }

    @Test
    void offsetsContinueAfterARestartWithNoGapOrDuplicate() {
        LogManager logs = openFresh();
        logs.append(ORDERS_0, producerBatch("first", 2), 1).join();
        logs.append(ORDERS_0, producerBatch("second", 5), 1).join();
        logs.append(ORDERS_0, producerBatch("third", 1), 2).join();

        LogManager restarted = restart(logs);
        PartitionLog log = restarted.partition(ORDERS_0).orElseThrow();
        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(log.highWatermark()).isEqualTo(8);
        assertThat(restarted.append(ORDERS_0, producerBatch("fourth", 3), 3).join())
                .isEqualTo(new LogAppendResult(8, 10, 11));
        assertThat(baseOffsets(restarted.read(ORDERS_0, 0, Integer.MAX_VALUE))).containsExactly(0L, 2L, 7L, 8L);

        LogManager again = restart(restarted);
        assertThat(baseOffsets(again.read(ORDERS_0, 0, Integer.MAX_VALUE))).containsExactly(0L, 2L, 7L, 8L);
        assertThat(batch(again.read(ORDERS_0, 9, 1).batches().get(0)).records()).isEqualTo(records("fourth", 3));
        assertThat(again.partition(ORDERS_0).orElseThrow().leaderEpochOf(9)).isEqualTo(3);
        assertThat(again.append(ORDERS_0, producerBatch("fifth", 1), 3).join().baseOffset()).isEqualTo(11);
    }

    /**
     * A WAL left by a version that wrote magic 1: the entry format did not change, so the bytes are
     * those magic-1 producers' batches with the broker's offset and epoch, as appended here.
     */
    @Test
    void magic1BatchesInTheWalRecoverAlongsideMagic2() {
        LogManager logs = openFresh();
        for (CompressionType codec : CompressionType.values()) {
            logs.append(ORDERS_0, MagicV1Batches.stored(codec), 4).join();
        }
        logs.append(ORDERS_0, producerBatch("magic-2", 2, CompressionType.LZ4), 5).join();
        PartitionState before = state(logs, ORDERS_0);

        LogManager restarted = restart(logs);

        assertThat(state(restarted, ORDERS_0)).isEqualTo(before);
        List<ByteBuffer> batches = restarted.read(ORDERS_0, 0, Integer.MAX_VALUE).batches();
        assertThat(batches).extracting(b -> batch(b).magic()).containsExactly((byte) 1, (byte) 1, (byte) 1, (byte) 2);
        assertThat(baseOffsets(restarted.read(ORDERS_0, 0, Integer.MAX_VALUE))).containsExactly(0L, 4L, 8L, 12L);
        for (int i = 0; i < 3; i++) {
            RecordBatch recovered = batch(batches.get(i));
            recovered.validate();
            assertThat(recovered.compression()).isEqualTo(CompressionType.values()[i]);
            assertThat(recovered.records()).isEqualTo(MagicV1Batches.storedRecords());
        }
        assertThat(restarted.partition(ORDERS_0).orElseThrow().offsetForTimestamp(1_700_000_000_004L))
                .as("a lookup by time decodes magic-1 records").contains(new OffsetAndTimestamp(1, 1_700_000_000_005L));
        assertThat(restarted.append(ORDERS_0, MagicV1Batches.stored(CompressionType.ZSTD), 6).join().baseOffset())
                .isEqualTo(14);
    }

    @Test
    void aDeletedPartitionIsGoneAfterARestart() {
        LogManager logs = openFresh();
        logs.append(ORDERS_0, producerBatch("doomed-a", 3), 0).join();
        logs.append(ORDERS_1, producerBatch("kept", 2), 0).join();
        logs.append(ORDERS_0, producerBatch("doomed-b", 1), 0).join();
        PartitionState kept = state(logs, ORDERS_1);

        logs.deletePartition(ORDERS_0).join();
        assertThat(logs.partition(ORDERS_0)).isEmpty();
        assertUnknown(logs, ORDERS_0);

        LogManager restarted = restart(logs);
        assertThat(restarted.partition(ORDERS_0)).isEmpty();
        assertUnknown(restarted, ORDERS_0);
        assertThat(restarted.partitionCount()).isEqualTo(1);
        assertThat(state(restarted, ORDERS_1)).isEqualTo(kept);
    }

    @Test
    void aRecreatedPartitionStartsAtZeroAndOnlyItsNewDataSurvivesARestart() {
        LogManager logs = openFresh();
        logs.append(ORDERS_0, producerBatch("old-a", 5), 1).join();
        logs.append(ORDERS_0, producerBatch("old-b", 2), 1).join();
        logs.deletePartition(ORDERS_0).join();

        assertThat(logs.append(ORDERS_0, producerBatch("new-a", 3), 2).join())
                .isEqualTo(new LogAppendResult(0, 2, 3));
        PartitionState recreated = state(logs, ORDERS_0);
        assertThat(recreated.batches()).hasSize(1);
        assertThat(batch(logs.read(ORDERS_0, 0, 1).batches().get(0)).records()).isEqualTo(records("new-a", 3));

        LogManager restarted = restart(logs);
        assertThat(state(restarted, ORDERS_0)).isEqualTo(recreated);
        assertThat(batch(restarted.read(ORDERS_0, 0, 1).batches().get(0)).records()).isEqualTo(records("new-a", 3));
        assertThat(restarted.read(ORDERS_0, 3, 1 << 20).batches()).as("the old log's offsets 3-6 are gone").isEmpty();
        assertThatThrownBy(() -> restarted.read(ORDERS_0, 4, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(restarted.append(ORDERS_0, producerBatch("new-b", 1), 2).join().baseOffset()).isEqualTo(3);

        LogManager again = restart(restarted);
        assertThat(contents(again, ORDERS_0)).hasSize(2);
        assertThat(again.partition(ORDERS_0).orElseThrow().highWatermark()).isEqualTo(4);
    }

    @Test
    void aRestartOfAnEmptyWalHasNoPartitions() {
        LogManager restarted = restart(openFresh());

        assertThat(restarted.partitionCount()).isZero();
        assertThat(restarted.append(PAYMENTS_0, producerBatch("first", 2), 0).join())
                .isEqualTo(new LogAppendResult(0, 1, 2));
    }

    private static void assertUnknown(LogManager logs, TopicPartition tp) {
        assertThatThrownBy(() -> logs.read(tp, 0, 1 << 20)).isInstanceOfSatisfying(RustMqException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }
}
