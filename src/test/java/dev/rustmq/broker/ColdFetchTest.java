package dev.rustmq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.OffsetAndTimestamp;
import dev.rustmq.storage.log.RemoteLog;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetches below the WAL block on object storage: they run on the cold-read executor, not the caller's thread. */
class ColdFetchTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final ByteBuffer REMOTE_BATCH = RecordBatchBuilder.build(0, 1, CompressionType.NONE,
            List.of(Record.of(null, "a".getBytes(), 1L), Record.of(null, "b".getBytes(), 2L),
                    Record.of(null, "c".getBytes(), 3L)));

    private final KeyValueMetadataStore store = new MemoryMetadataStore();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final ExecutorService coldReads = Executors.newSingleThreadExecutor(r -> new Thread(r, "cold-read-test"));
    private final AtomicReference<String> remoteReadThread = new AtomicReference<>();
    private final RemoteLog remote = new RemoteLog() {
        @Override
        public Optional<Bounds> bounds(TopicPartition partition) {
            return partition.equals(ORDERS_0) ? Optional.of(new Bounds(0, 3)) : Optional.empty();
        }

        @Override
        public List<ByteBuffer> read(TopicPartition partition, long offset, long endOffset, int maxBytes) {
            remoteReadThread.set(Thread.currentThread().getName());
            return List.of(REMOTE_BATCH.duplicate());
        }

        @Override
        public Optional<OffsetAndTimestamp> offsetForTimestamp(TopicPartition partition, long timestamp, long end) {
            return Optional.empty();
        }

        @Override
        public Collection<TopicPartition> partitions() {
            return List.of(ORDERS_0);
        }
    };
    private final LogManager logs = LogManager.open(new MemoryWriteAheadLog(1 << 20), new WriteCache(1 << 20),
            new ReadCache(1 << 20), remote, 5_000);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        coldReads.shutdownNow();
        logs.close();
    }

    @Test
    void aFetchBelowTheWalRunsOnTheColdReadExecutorAndLocalFetchesStayOnTheCaller() {
        BrokerRegistry brokers = new BrokerRegistry(store, Time.SYSTEM, 60_000);
        brokers.register("0", "rack-a", "127.0.0.1:9092", "127.0.0.1:9093");
        new TopicManager(store, brokers, Time.SYSTEM, new Random(1)).create(new TopicSpec("orders", 1, 1,
                RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        PartitionResolver resolver = new PartitionResolver(store, "0", Time.SYSTEM, 0);
        FetchHandler fetch = new FetchHandler(resolver, logs, scheduler, Time.SYSTEM, DataPlaneObserver.NOOP,
                coldReads);

        // Offsets 0..2 are only in object storage: the log starts after them.
        assertThat(logs.partition(ORDERS_0).orElseThrow().highWatermark()).isEqualTo(3);
        FetchResult cold = fetch.fetch("orders", 0, 1, 1 << 20, 1 << 20, 60_000).join();
        assertThat(remoteReadThread.get()).isEqualTo("cold-read-test");
        assertThat(cold.batches()).hasSize(1);
        assertThat(RecordBatch.wrap(cold.batches().get(0)).baseOffset()).isZero();
        assertThat(cold.highWatermark()).isEqualTo(3);

        remoteReadThread.set(null);
        logs.append(ORDERS_0, RecordBatchBuilder.build(0, -1, CompressionType.NONE,
                List.of(Record.of(null, "d".getBytes(), 4L))), 1).join();
        FetchResult local = fetch.fetch("orders", 0, 3, 1 << 20, 1, 0).join();
        assertThat(RecordBatch.wrap(local.batches().get(0)).baseOffset()).isEqualTo(3);
        assertThat(remoteReadThread.get()).as("no remote read for data in the WAL").isNull();
    }
}
