package dev.rustmq.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.balance.RebalanceManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminOperationsTest {
    /** Longer than any test: what the resolver answers after a change shows the change refreshed it. */
    private static final long METADATA_TTL_MS = 3_600_000;

    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry brokers = new BrokerRegistry(store, time, 60_000);
    private final ControllerOperations controller = new LocalController(
            new TopicManager(store, brokers, time, new Random(1)), brokers, "0", store,
            new ReassignmentManager(store, brokers), new RebalanceManager(store, brokers, new ReassignmentManager(store, brokers), time));
    private final LogManager logs = LogManager.open(new MemoryWriteAheadLog(1L << 30), new WriteCache(1 << 20),
            new ReadCache(1 << 20), 5_000);
    private final PartitionResolver resolver = new PartitionResolver(store, "0", time, METADATA_TTL_MS);
    private final AdminOperations admin = AdminOperations.onBroker(controller, resolver, logs, null);

    AdminOperationsTest() {
        brokers.register("0", "rack-a", "127.0.0.1:9092", "127.0.0.1:9093");
    }

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    private static TopicSpec spec(String name, int partitions) {
        return new TopicSpec(name, partitions, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of());
    }

    private static ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (RustMqException e) {
            return e.code();
        }
        return ErrorCode.NONE;
    }

    @Test
    void aCreatedTopicIsResolvedAtOnce() {
        assertThat(codeOf(() -> resolver.resolve("orders", 0))).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

        admin.createTopic(spec("orders", 1));

        assertThat(resolver.resolve("orders", 0).partition().leader()).isEqualTo("0");
    }

    @Test
    void addedPartitionsAreResolvedAtOnce() {
        admin.createTopic(spec("orders", 1));
        assertThat(codeOf(() -> resolver.resolve("orders", 2))).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

        admin.updateTopic("orders", new TopicUpdate(3, null, null, null, null, null));

        assertThat(resolver.resolve("orders", 2).topic().partitionCount()).isEqualTo(3);
    }

    @Test
    void aFailedUpdateStillRefreshesTheCache() {
        admin.createTopic(spec("orders", 1));
        resolver.resolve("orders", 0);
        store.deleteTopic("orders"); // behind this broker's back

        assertThatThrownBy(() -> admin.updateTopic("orders", new TopicUpdate(2, null, null, null, null, null)))
                .isInstanceOf(RustMqException.class);

        assertThat(codeOf(() -> resolver.resolve("orders", 0))).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void deleteRemovesTheMetadataTheCachedViewAndThisBrokersLogs() {
        admin.createTopic(spec("orders", 2));
        resolver.resolve("orders", 1);
        for (int p = 0; p < 2; p++) {
            logs.append(new TopicPartition("orders", p), RecordBatchBuilder.build(0, -1, CompressionType.NONE,
                    List.of(Record.of(null, new byte[] {1}, 1_000L))), 0).join();
        }

        admin.deleteTopic("orders");

        assertThat(admin.listTopics()).isEmpty();
        assertThat(codeOf(() -> resolver.resolve("orders", 1))).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(logs.partition(new TopicPartition("orders", 0))).isEmpty();
        assertThat(logs.partition(new TopicPartition("orders", 1))).isEmpty();
    }

    @Test
    void deleteOfAnUnknownTopicChangesNothing() {
        admin.createTopic(spec("orders", 1));

        assertThat(codeOf(() -> admin.deleteTopic("nothing"))).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

        assertThat(admin.listTopics()).extracting(TopicMetadata::name).containsExactly("orders");
    }

    @Test
    void aNodeWithoutABrokerRunsTheControllersPartOnly() {
        AdminOperations controllerOnly = AdminOperations.withoutBroker(controller);

        controllerOnly.createTopic(spec("orders", 2));
        assertThat(controllerOnly.describeTopic("orders").partitions()).hasSize(2);
        controllerOnly.deleteTopic("orders");

        assertThat(controllerOnly.listTopics()).isEmpty();
        assertThat(controllerOnly.liveBrokers()).extracting(b -> b.id()).containsExactly("0");
        assertThat(controllerOnly.controllerBrokerId()).contains("0");
    }
}
