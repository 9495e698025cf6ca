package dev.rustmq.broker;

import static dev.rustmq.broker.HandlerFixtures.batch;
import static dev.rustmq.broker.HandlerFixtures.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.MockTime;
import dev.rustmq.config.ReplicationConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metrics.DataPlaneCounters;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.wal.HeldWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the produce and fetch paths report to their {@link dev.rustmq.metrics.DataPlaneObserver}. */
class BrokerMetricsTest {
    private final MockTime time = new MockTime();
    private final DataPlaneCounters counters = new DataPlaneCounters();
    private final KeyValueMetadataStore store = new MemoryMetadataStore();
    private final HeldWriteAheadLog wal = new HeldWriteAheadLog();
    private final LogManager logs = LogManager.open(wal, new WriteCache(1 << 20), new ReadCache(1 << 20), 60_000);
    /** One thread: a task submitted after the long poll's "second look" runs after it. */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final PartitionResolver resolver = new PartitionResolver(store, "0", time, 0);
    private final FetchHandler fetch = new FetchHandler(resolver, logs, scheduler, time, counters);

    BrokerMetricsTest() {
        BrokerRegistry brokers = new BrokerRegistry(store, time, 60_000);
        brokers.register("0", "rack-a", "127.0.0.1:9092", "127.0.0.1:9093");
        new TopicManager(store, brokers, time, new Random(1)).create(new TopicSpec("orders", 2, 1,
                RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
    }

    @AfterEach
    void stop() {
        wal.release();
        scheduler.shutdownNow();
        logs.close();
    }

    private ProduceHandler produce(int minInSyncReplicas) {
        return new ProduceHandler(resolver, logs, new ReplicationConfig(minInSyncReplicas, 5_000, 1_000), 1 << 20,
                time, counters);
    }



    @Test
    void countsTheRecordsAndBytesOfEveryProducedBatch() {
        ByteBuffer three = batch("a", "b", "c");
        ByteBuffer one = batch("d");
        int bytes = three.remaining() + one.remaining();
        produce(1).produce("orders", 0, Acks.LEADER, 5_000, three).join();
        produce(1).produce("orders", 1, Acks.ALL, 5_000, one).join();

        assertThat(counters.recordsProduced()).as("records, not batches").isEqualTo(4);
        assertThat(counters.bytesIn()).isEqualTo(bytes);
        assertThat(counters.produceLatencyCount()).isEqualTo(2);
    }

    @Test
    void produceLatencyRunsFromTakingTheBatchToItsAcknowledgement() {
        wal.hold();
        CompletableFuture<ProduceResult> produced = produce(1).produce("orders", 0, Acks.ALL, 5_000, batch("x", "y"));
        assertThat(produced).isNotDone();
        assertThat(counters.recordsProduced()).as("not in the log yet").isZero();

        time.sleep(7);
        wal.release();

        assertThat(produced.join().baseOffset()).isZero();
        assertThat(counters.produceLatencyCount()).isEqualTo(1);
        assertThat(counters.produceLatencyNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
        assertThat(counters.recordsProduced()).isEqualTo(2);
    }

    @Test
    void aBatchThatLandsAfterItsRequestTimedOutIsAnErrorAndStillCountsAsProduced() {
        wal.hold();
        CompletableFuture<ProduceResult> late = produce(1).produce("orders", 0, Acks.ALL, 50, batch("late", "later"));
        time.sleep(49);
        assertThat(late).isNotDone();
        time.sleep(1);
        assertThat(errorOf(late)).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(counters.produceErrors(ErrorCode.REQUEST_TIMED_OUT)).isEqualTo(1);
        assertThat(counters.produceLatencyCount()).as("a time-out is the slowest answer of all").isEqualTo(1);
        assertThat(counters.recordsProduced()).isZero();

        wal.release();
        assertThat(counters.recordsProduced()).isEqualTo(2);
    }

    @Test
    void acksNoneCountsTheRecordsOnceTheyAreInTheLog() {
        wal.hold();
        assertThat(produce(1).produce("orders", 1, Acks.NONE, 5_000, batch("fire", "forget")).join())
                .isEqualTo(ProduceResult.NOT_WAITED);
        assertThat(counters.recordsProduced()).isZero();
        wal.release();
        assertThat(counters.recordsProduced()).isEqualTo(2);
    }

    @Test
    void refusedBatchesAreErrorsByCodeWithoutALatency() {
        assertThat(errorOf(produce(1).produce("nope", 0, Acks.LEADER, 5_000, batch("x"))))
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(errorOf(produce(2).produce("orders", 0, Acks.ALL, 5_000, batch("x"))))
                .isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS);
        ByteBuffer corrupt = batch("ok");
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
        assertThat(errorOf(produce(1).produce("orders", 0, Acks.LEADER, 5_000, corrupt)))
                .isEqualTo(ErrorCode.CORRUPT_MESSAGE);
        assertThat(errorOf(produce(1).produce("orders", 0, Acks.LEADER, 5_000, ByteBuffer.allocate(20))))
                .as("shorter than a batch header").isEqualTo(ErrorCode.CORRUPT_MESSAGE);

        assertThat(counters.produceErrors(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)).isEqualTo(1);
        assertThat(counters.produceErrors(ErrorCode.NOT_ENOUGH_REPLICAS)).isEqualTo(1);
        assertThat(counters.produceErrors(ErrorCode.CORRUPT_MESSAGE)).isEqualTo(2);
        assertThat(counters.produceLatencyCount()).isZero();
        assertThat(counters.recordsProduced()).isZero();
        assertThat(counters.bytesIn()).isZero();
    }

    @Test
    void aFetchReportsTheRecordsAndBytesItReturns() {
        ByteBuffer three = batch("a", "b", "c");
        ByteBuffer two = batch("d", "e");
        int bytes = three.remaining() + two.remaining();
        produce(1).produce("orders", 0, Acks.LEADER, 5_000, three).join();
        produce(1).produce("orders", 0, Acks.LEADER, 5_000, two).join();

        FetchResult all = fetch.fetch("orders", 0, 0, 1 << 20, 1, 0).join();
        assertThat(all.sizeInBytes()).isEqualTo(bytes);
        assertThat(counters.recordsFetched()).isEqualTo(5);
        assertThat(counters.bytesOut()).isEqualTo(bytes);
        assertThat(counters.fetchLatencyCount()).isEqualTo(1);

        assertThat(fetch.fetch("orders", 0, 5, 1 << 20, 1, 0).join().batches()).isEmpty();
        assertThat(counters.fetches()).isEqualTo(2);
        assertThat(counters.recordsFetched()).isEqualTo(5);
        assertThat(counters.fetchLatencyCount()).as("an empty fetch is not timed").isEqualTo(1);
    }

    @Test
    void timeParkedInALongPollIsNotServingTime() throws Exception {
        CompletableFuture<FetchResult> waiting = fetch.fetch("orders", 1, 0, 1 << 20, 1, 30_000);
        assertThat(waiting).isNotDone();
        // Let the long poll's second look finish first, or its read would span the clock jump.
        scheduler.submit(() -> { }).get(10, TimeUnit.SECONDS);
        time.sleep(10_000);
        produce(1).produce("orders", 1, Acks.LEADER, 5_000, batch("worth", "the", "wait")).join();

        assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join().batches()).hasSize(1);
        assertThat(counters.recordsFetched()).isEqualTo(3);
        assertThat(counters.fetchLatencyCount()).isEqualTo(1);
        // Reads take no time on a MockTime, so all that could be counted is the 10 s parked.
        assertThat(counters.fetchLatencyNanos()).isZero();
    }

    @Test
    void fetchErrorsAreCountedByCode() {
        produce(1).produce("orders", 0, Acks.LEADER, 5_000, batch("one")).join();
        assertThat(errorOf(fetch.fetch("orders", 0, 5, 100, 1, 0))).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
        assertThat(errorOf(fetch.fetch("nope", 0, 0, 100, 1, 0))).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

        assertThat(counters.fetchErrors(ErrorCode.OFFSET_OUT_OF_RANGE)).isEqualTo(1);
        assertThat(counters.fetchErrors(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)).isEqualTo(1);
        assertThat(counters.fetches()).isZero();
        assertThat(counters.recordsFetched()).isZero();
    }
}
