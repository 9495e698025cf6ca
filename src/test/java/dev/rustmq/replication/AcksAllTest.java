package dev.rustmq.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.broker.ProduceHandler;
import dev.rustmq.broker.ProduceResult;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ReplicationConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * acks=all on a leader with one follower (min in sync 2): the answer waits for the follower's
 * copy, and without it fails after {@code ack_timeout_ms} with NOT_ENOUGH_REPLICAS_AFTER_APPEND
 * (the batch is in the log); before the broker's replicas take the lead nothing is written.
 */
class AcksAllTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final long ACK_TIMEOUT_MS = 2_000;

    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final LogManager logs = LogManager.open(new MemoryWriteAheadLog(64 << 20), new WriteCache(8 << 20),
            new ReadCache(8 << 20), 5_000);
    private final ReplicaManager replicas = new ReplicaManager("b1", logs, store, 10_000, time);
    private final ProduceHandler produce = new ProduceHandler(new PartitionResolver(store, "b1", time, 0), logs,
            new ReplicationConfig(2, ACK_TIMEOUT_MS, 10_000), 1 << 20, time, DataPlaneObserver.NOOP, replicas);

    AcksAllTest() {
        BrokerRegistry registry = new BrokerRegistry(store, time, 10_000);
        registry.register("b1", "r", "b1:9092", "b1:9093");
        registry.register("b2", "r", "b2:9092", "b2:9093");
        new TopicManager(store, registry, time, new Random(1)).create(new TopicSpec("t", 1, 2, RetentionPolicy.DEFAULT,
                CompressionType.NONE, List.of(), Map.of()));
        // Placement is random: make b1 the leader.
        var p = store.partitions("t").get(0);
        if (!p.leader().equals("b1")) {
            store.replacePartition(p, p.withLeader("b1", p.replicas()));
        }
    }

    private CompletableFuture<ProduceResult> send(String value) {
        ByteBuffer batch = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE,
                List.of(Record.of(null, value.getBytes(StandardCharsets.UTF_8), 1L)));
        return produce.produce("t", 0, Acks.ALL, 30_000, batch);
    }

    private void followerFetchesFrom(long offset) {
        int epoch = store.partitions("t").get(0).leaderEpoch();
        replicas.fetch(new ReplicaFetchRequest("b2", 0, List.of(
                new ReplicaFetchRequest.Partition("t", 0, epoch, offset, -1, 1 << 20))));
    }

    private static ErrorCode errorOf(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return ((RustMqException) e.getCause()).code();
        }
        throw new AssertionError("completed");
    }

    @Test
    void theFirstProduceTakesTheLeadItsPlacementNamesButNotOneANewerPlacementTookAway() {
        CompletableFuture<ProduceResult> first = send("first");
        assertThat(replicas.leaderPartitions()).as("taken at the first produce, before any refresh").hasSize(1);
        followerFetchesFrom(1);
        assertThat(first.join().baseOffset()).isZero();

        var p = store.partitions("t").get(0);
        replicas.apply(List.of(p.withLeader("b2", p.isr())));
        assertThat(errorOf(send("stale"))).as("the store still names b1 at the older epoch")
                .isEqualTo(ErrorCode.LEADER_NOT_AVAILABLE);
        assertThat(logs.partitionLog(T0).durableEnd()).as("nothing written").isEqualTo(1);
    }

    @Test
    void theAnswerWaitsForTheFollowersCopy() {
        replicas.apply(store.partitions("t"));
        CompletableFuture<ProduceResult> sent = send("a");
        assertThat(sent).isNotDone();
        assertThat(logs.partitionLog(T0).highWatermark()).as("consumers do not see it yet").isZero();

        followerFetchesFrom(0);
        assertThat(sent).as("the follower has not confirmed offset 0 yet").isNotDone();
        followerFetchesFrom(1);
        assertThat(sent).isCompleted();
        assertThat(sent.join().baseOffset()).isZero();
        assertThat(logs.partitionLog(T0).highWatermark()).isEqualTo(1);
    }

    @Test
    void withoutTheFollowersCopyItFailsAfterTheAckTimeoutAndTheRecordsMayExist() {
        replicas.apply(store.partitions("t"));
        CompletableFuture<ProduceResult> sent = send("a");
        time.sleep(ACK_TIMEOUT_MS - 1);
        assertThat(sent).isNotDone();
        time.sleep(1);
        assertThat(errorOf(sent)).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
        assertThatThrownBy(sent::join).hasMessageContaining("may exist").hasMessageContaining("ack_timeout_ms");
        assertThat(logs.partitionLog(T0).durableEnd()).as("appended here").isEqualTo(1);
    }

    @Test
    void aShrunkInSyncSetRefusesBeforeAppending() {
        var p = store.partitions("t").get(0);
        store.replacePartition(p, p.withIsr(List.of("b1")));
        replicas.apply(store.partitions("t"));
        assertThat(errorOf(send("a"))).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS);
        assertThat(logs.partitionLog(T0).durableEnd()).isZero();
    }
}
