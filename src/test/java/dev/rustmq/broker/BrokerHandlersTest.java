package dev.rustmq.broker;

import static dev.rustmq.broker.HandlerFixtures.batch;
import static dev.rustmq.broker.HandlerFixtures.errorOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.Time;
import dev.rustmq.config.ReplicationConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.MagicV1Batches;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport-independent produce and fetch paths on one broker that leads every partition. */
class BrokerHandlersTest {
    private final KeyValueMetadataStore store = new MemoryMetadataStore();
    private final TopicManager topics;
    private final LogManager logs = LogManager.open(new MemoryWriteAheadLog(1L << 30), new WriteCache(1 << 20),
            new ReadCache(1 << 20), 5_000);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final PartitionResolver resolver = new PartitionResolver(store, "0", Time.SYSTEM, 0);
    private final FetchHandler fetch = new FetchHandler(resolver, logs, scheduler);

    BrokerHandlersTest() {
        BrokerRegistry brokers = new BrokerRegistry(store, Time.SYSTEM, 60_000);
        brokers.register("0", "rack-a", "127.0.0.1:9092", "127.0.0.1:9093");
        topics = new TopicManager(store, brokers, Time.SYSTEM, new Random(1));
        topics.create(new TopicSpec("orders", 3, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(),
                Map.of()));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        logs.close();
    }

    private ProduceHandler produce(int minInSyncReplicas) {
        return new ProduceHandler(resolver, logs, new ReplicationConfig(minInSyncReplicas, 5_000, 1_000), 1 << 20);
    }



    @Test
    void producedBatchesComeBackInOrderWithDenseOffsets() {
        ProduceHandler producer = produce(1);
        assertThat(producer.produce("orders", 1, Acks.LEADER, 5_000, batch("a", "b")).join())
                .isEqualTo(new ProduceResult(0, 1));
        assertThat(producer.produce("orders", 1, Acks.ALL, 5_000, batch("c")).join())
                .isEqualTo(new ProduceResult(2, 2));

        FetchResult result = fetch.fetch("orders", 1, 0, 1 << 20, 1, 0).join();
        assertThat(result.highWatermark()).isEqualTo(3);
        assertThat(result.batches()).hasSize(2);
        RecordBatch second = RecordBatch.wrap(result.batches().get(1));
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(new String(second.records().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("c");
    }

    @Test
    void rejectsUnknownPartitionsAndPartitionsLedElsewhere() {
        assertThat(errorOf(produce(1).produce("nope", 0, Acks.LEADER, 5_000, batch("x"))))
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(errorOf(produce(1).produce("orders", 3, Acks.LEADER, 5_000, batch("x"))))
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        PartitionResolver elsewhere = new PartitionResolver(store, "1", Time.SYSTEM, 0);
        ProduceHandler follower = new ProduceHandler(elsewhere, logs, new ReplicationConfig(1, 5_000, 1_000), 1 << 20);
        assertThat(errorOf(follower.produce("orders", 0, Acks.LEADER, 5_000, batch("x"))))
                .isEqualTo(ErrorCode.NOT_LEADER);
        assertThat(errorOf(new FetchHandler(elsewhere, logs, scheduler).fetch("orders", 0, 0, 100, 1, 0)))
                .isEqualTo(ErrorCode.NOT_LEADER);
    }

    @Test
    void acksAllWithTooFewInSyncReplicasFailsAndWritesNothing() {
        ProduceHandler strict = produce(2);
        assertThat(errorOf(strict.produce("orders", 0, Acks.ALL, 5_000, batch("x"))))
                .isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS);
        assertThat(fetch.fetch("orders", 0, 0, 100, 1, 0).join().highWatermark()).isZero();

        assertThat(strict.produce("orders", 0, Acks.LEADER, 5_000, batch("x")).join().baseOffset()).isZero();
        topics.update("orders", new dev.rustmq.controller.TopicUpdate(null, null, null, null, null,
                Map.of("min_in_sync_replicas", "1")));
        assertThat(strict.produce("orders", 0, Acks.ALL, 5_000, batch("y")).join().baseOffset()).isEqualTo(1);
    }

    @Test
    void rejectsOversizedAndCorruptBatches() {
        topics.update("orders", new dev.rustmq.controller.TopicUpdate(null, null, null, null, null,
                Map.of("max_message_bytes", "100")));
        ByteBuffer big = RecordBatchBuilder.build(0, -1, CompressionType.NONE,
                List.of(Record.of(null, new byte[200], 1_000L)));
        assertThat(errorOf(produce(1).produce("orders", 0, Acks.LEADER, 5_000, big)))
                .isEqualTo(ErrorCode.RECORD_TOO_LARGE);
        ByteBuffer corrupt = batch("ok");
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
        assertThat(errorOf(produce(1).produce("orders", 0, Acks.LEADER, 5_000, corrupt)))
                .isEqualTo(ErrorCode.CORRUPT_MESSAGE);
    }

    @Test
    void producersMayStillSendMagic1AndFetchersGetBothMagicsBack() {
        ProduceHandler producer = produce(1);
        assertThat(producer.produce("orders", 0, Acks.LEADER, 5_000, batch("magic-2")).join())
                .isEqualTo(new ProduceResult(0, 0));
        ByteBuffer legacy = MagicV1Batches.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.LZ4,
                List.of(Record.of(null, "magic-1".getBytes(StandardCharsets.UTF_8), 1_000L),
                        Record.of(null, "magic-1 too".getBytes(StandardCharsets.UTF_8), 1_001L)));
        assertThat(producer.produce("orders", 0, Acks.ALL, 5_000, legacy).join()).isEqualTo(new ProduceResult(1, 2));

        FetchResult result = fetch.fetch("orders", 0, 0, 1 << 20, 1, 0).join();
        assertThat(result.batches()).extracting(b -> RecordBatch.wrap(b).magic()).containsExactly((byte) 2, (byte) 1);
        RecordBatch second = RecordBatch.wrap(result.batches().get(1));
        second.validate();
        assertThat(second.records()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("magic-1", "magic-1 too");
    }

    @Test
    void aKafkaCodecRustMqCannotDecodeIsRefusedAsCorrupt() {
        ByteBuffer gzip = batch("not really gzip");
        gzip.putShort(21, (short) 1);
        CRC32C crc = new CRC32C();
        crc.update(gzip.duplicate().position(21));
        gzip.putInt(17, (int) crc.getValue());
        assertThat(errorOf(produce(1).produce("orders", 0, Acks.LEADER, 5_000, gzip)))
                .isEqualTo(ErrorCode.CORRUPT_MESSAGE);
        assertThat(fetch.fetch("orders", 0, 0, 100, 1, 0).join().highWatermark()).isZero();
    }

    @Test
    void acksNoneAnswersWithoutOffsetsButTheDataArrives() {
        assertThat(produce(1).produce("orders", 2, Acks.NONE, 5_000, batch("fire")).join())
                .isEqualTo(ProduceResult.NOT_WAITED);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> fetch.fetch("orders", 2, 0, 100, 1, 0).join().highWatermark() == 1);
    }

    @Test
    void aLongPollWaitsForDataAndAnswersWhenItArrives() {
        CompletableFuture<FetchResult> waiting = fetch.fetch("orders", 0, 0, 1 << 20, 1, 30_000);
        assertThat(waiting).isNotDone();
        produce(1).produce("orders", 0, Acks.LEADER, 5_000, batch("late")).join();
        FetchResult result = waiting.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(result.batches()).hasSize(1);
        assertThat(result.highWatermark()).isEqualTo(1);
    }

    @Test
    void aLongPollWithoutDataAnswersEmptyAtItsDeadline() {
        CompletableFuture<FetchResult> waiting = fetch.fetch("orders", 1, 0, 1 << 20, 1, 200);
        FetchResult result = waiting.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(result.batches()).isEmpty();
        assertThat(result.highWatermark()).isZero();
    }

    @Test
    void fetchingPastTheHighWatermarkIsOutOfRange() {
        produce(1).produce("orders", 0, Acks.LEADER, 5_000, batch("one")).join();
        assertThat(errorOf(fetch.fetch("orders", 0, 5, 100, 1, 0))).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
        assertThat(errorOf(fetch.fetch("orders", 2, 5, 100, 1, 0))).as("a partition never written to is [0, 0]")
                .isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
    }
}
