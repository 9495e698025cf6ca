package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.rustmq.common.MockTime;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicManagerTest {
    private static final long SESSION_TIMEOUT_MS = 10_000;

    private final MockTime time = new MockTime();
    private final KeyValueMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry brokers = new BrokerRegistry(store, time, SESSION_TIMEOUT_MS);
    private final TopicManager topics = new TopicManager(store, brokers, time, new Random(42));

    @BeforeEach
    void registerThreeBrokers() {
        register("b1", "b2", "b3");
    }

    private void register(String... ids) {
        for (String id : ids) {
            brokers.register(id, "rack-" + id, id + ":9092", id + ":9093");
        }
    }

    private static TopicSpec spec(String name, int partitions, int replicationFactor) {
        return new TopicSpec(name, partitions, replicationFactor, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(),
                Map.of());
    }

    private static TopicUpdate partitions(int count) {
        return new TopicUpdate(count, null, null, null, null, null);
    }

    private static ThrowableAssertAlternative<RustMqException> rejected(ThrowingCallable action, ErrorCode code) {
        return assertThatExceptionOfType(RustMqException.class).isThrownBy(action)
                .satisfies(e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void createStoresTopicAndPlacesPartitions() {
        TopicSpec spec = new TopicSpec("orders", 6, 3, new RetentionPolicy(RetentionPolicy.Kind.SIZE, 1_000_000),
                CompressionType.LZ4, List.of("pii_scrubber"), Map.of("min_in_sync_replicas", "2"));

        TopicDescription created = topics.create(spec);

        TopicMetadata t = created.topic();
        assertThat(t.name()).isEqualTo("orders");
        assertThat(t.topicId()).isNotBlank();
        assertThat(t.partitionCount()).isEqualTo(6);
        assertThat(t.replicationFactor()).isEqualTo(3);
        assertThat(t.retentionPolicy()).isEqualTo(new RetentionPolicy(RetentionPolicy.Kind.SIZE, 1_000_000));
        assertThat(t.compression()).isEqualTo(CompressionType.LZ4);
        assertThat(t.etlModules()).containsExactly("pii_scrubber");
        assertThat(t.configs()).containsExactly(Map.entry("min_in_sync_replicas", "2"));
        assertThat(t.createdAtMs()).isEqualTo(time.milliseconds());

        assertThat(created.partitions()).extracting(PartitionMetadata::partition).containsExactly(0, 1, 2, 3, 4, 5);
        for (PartitionMetadata p : created.partitions()) {
            assertThat(p.topic()).isEqualTo("orders");
            assertThat(p.replicas()).hasSize(3).doesNotHaveDuplicates().containsExactlyInAnyOrder("b1", "b2", "b3");
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.isr()).as("a new partition is empty: every replica holds all of it")
                    .containsExactlyElementsOf(p.replicas());
            assertThat(p.leaderEpoch()).isZero();
        }
        assertThat(topics.describe("orders")).isEqualTo(created);
    }

    @Test
    void leadersAreSpreadEvenlyOverBrokers() {
        TopicDescription created = topics.create(spec("events", 12, 2));
        Map<String, Long> leaders = created.partitions().stream()
                .collect(Collectors.groupingBy(PartitionMetadata::leader, Collectors.counting()));
        assertThat(leaders).containsOnly(Map.entry("b1", 4L), Map.entry("b2", 4L), Map.entry("b3", 4L));
    }

    @Test
    void listReturnsTopicsByName() {
        topics.create(spec("zeta", 1, 1));
        topics.create(spec("alpha", 2, 1));
        topics.create(spec("mid", 3, 1));

        assertThat(topics.list()).extracting(TopicMetadata::name).containsExactly("alpha", "mid", "zeta");
        assertThat(topics.list()).extracting(TopicMetadata::partitionCount).containsExactly(2, 3, 1);
    }

    @Test
    void duplicateNameIsRejectedAndOriginalKept() {
        TopicDescription first = topics.create(spec("orders", 3, 1));

        rejected(() -> topics.create(spec("orders", 5, 2)), ErrorCode.TOPIC_ALREADY_EXISTS)
                .withMessage("topic \"orders\" already exists");
        assertThat(topics.describe("orders")).isEqualTo(first);
    }

    @Test
    void invalidSpecWritesNothing() {
        rejected(() -> topics.create(spec("bad name", 3, 1)), ErrorCode.INVALID_TOPIC_NAME);
        rejected(() -> topics.create(spec("t", 0, 1)), ErrorCode.INVALID_PARTITIONS);
        rejected(() -> topics.create(new TopicSpec("t", 1, 1, new RetentionPolicy(RetentionPolicy.Kind.TIME, 0),
                CompressionType.NONE, List.of(), Map.of())), ErrorCode.INVALID_CONFIG);
        rejected(() -> topics.create(new TopicSpec("t", 1, 1, RetentionPolicy.DEFAULT, CompressionType.NONE,
                List.of("m", "m"), Map.of())), ErrorCode.INVALID_CONFIG);
        rejected(() -> topics.create(new TopicSpec("t", 1, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(),
                Map.of("nope", "1"))), ErrorCode.INVALID_CONFIG);
        rejected(() -> topics.create(spec("t", 1, 0)), ErrorCode.INVALID_REPLICATION_FACTOR);
        assertThat(topics.list()).isEmpty();
    }

    @Test
    void unknownTopicIsReportedForEveryOperation() {
        rejected(() -> topics.describe("ghost"), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
                .withMessage("topic \"ghost\" does not exist");
        rejected(() -> topics.update("ghost", partitions(3)), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        rejected(() -> topics.delete("ghost"), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void deleteRemovesTopicAndPartitions() {
        topics.create(spec("orders", 4, 2));
        topics.create(spec("other", 1, 1));

        topics.delete("orders");

        rejected(() -> topics.describe("orders"), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(store.partitions("orders")).isEmpty();
        assertThat(topics.list()).extracting(TopicMetadata::name).containsExactly("other");
        rejected(() -> topics.delete("orders"), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void recreatedTopicGetsANewId() {
        String firstId = topics.create(spec("orders", 2, 1)).topic().topicId();
        topics.delete("orders");
        time.sleep(1_000);

        TopicDescription again = topics.create(spec("orders", 1, 1));

        assertThat(again.topic().topicId()).isNotEqualTo(firstId);
        assertThat(again.topic().createdAtMs()).isEqualTo(time.milliseconds());
        assertThat(again.partitions()).hasSize(1);
    }

    @Test
    void replicationFactorAboveLiveBrokersIsRejectedUntilEnoughRegister() {
        rejected(() -> topics.create(spec("orders", 3, 4)), ErrorCode.INVALID_REPLICATION_FACTOR)
                .withMessage("replication_factor 4 is larger than the number of live brokers (3)");
        assertThat(topics.list()).isEmpty();

        register("b4");
        TopicDescription created = topics.create(spec("orders", 3, 4));

        assertThat(created.partitions()).allSatisfy(p ->
                assertThat(p.replicas()).containsExactlyInAnyOrder("b1", "b2", "b3", "b4"));
    }

    @Test
    void brokersThatMissHeartbeatsStopCounting() {
        time.sleep(SESSION_TIMEOUT_MS - 1);
        assertThat(brokers.liveBrokers()).hasSize(3);
        brokers.heartbeat("b2");

        time.sleep(1);

        assertThat(brokers.liveBrokers()).extracting(BrokerMetadata::id).containsExactly("b2");
        rejected(() -> topics.create(spec("orders", 3, 2)), ErrorCode.INVALID_REPLICATION_FACTOR)
                .withMessageContaining("live brokers (1)");
        TopicDescription single = topics.create(spec("orders", 3, 1));
        assertThat(single.partitions()).allSatisfy(p -> assertThat(p.replicas()).containsExactly("b2"));

        brokers.heartbeat("b1");
        assertThat(topics.create(spec("pairs", 2, 2)).partitions())
                .allSatisfy(p -> assertThat(p.replicas()).containsExactlyInAnyOrder("b1", "b2"));
    }

    @Test
    void increasingPartitionsAddsThemOnLiveBrokersOnly() {
        TopicDescription before = topics.create(spec("orders", 3, 2));
        time.sleep(SESSION_TIMEOUT_MS);
        brokers.heartbeat("b1");
        brokers.heartbeat("b3");

        TopicDescription after = topics.update("orders", partitions(7));

        assertThat(after.topic().partitionCount()).isEqualTo(7);
        assertThat(after.topic().topicId()).isEqualTo(before.topic().topicId());
        assertThat(after.partitions()).extracting(PartitionMetadata::partition).containsExactly(0, 1, 2, 3, 4, 5, 6);
        // Existing partitions do not move.
        assertThat(after.partitions().subList(0, 3)).isEqualTo(before.partitions());
        assertThat(after.partitions().subList(3, 7)).allSatisfy(p -> {
            assertThat(p.replicas()).containsExactlyInAnyOrder("b1", "b3");
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.leaderEpoch()).isZero();
        });
        assertThat(topics.describe("orders")).isEqualTo(after);
    }

    @Test
    void increasingPartitionsNeedsEnoughLiveBrokers() {
        topics.create(spec("orders", 2, 3));
        time.sleep(SESSION_TIMEOUT_MS);
        brokers.heartbeat("b1");

        rejected(() -> topics.update("orders", partitions(4)), ErrorCode.INVALID_REPLICATION_FACTOR);
        assertThat(topics.describe("orders").topic().partitionCount()).isEqualTo(2);
        assertThat(store.partitions("orders")).hasSize(2);
    }

    @Test
    void decreasingPartitionsIsRejected() {
        TopicDescription before = topics.create(spec("orders", 4, 1));

        rejected(() -> topics.update("orders", partitions(3)), ErrorCode.INVALID_PARTITIONS)
                .withMessage("topic \"orders\" has 4 partitions; partitions can be added but not removed");
        rejected(() -> topics.update("orders", partitions(0)), ErrorCode.INVALID_PARTITIONS);
        assertThat(topics.describe("orders")).isEqualTo(before);
    }

    @Test
    void samePartitionCountChangesNothing() {
        TopicDescription before = topics.create(spec("orders", 4, 2));
        assertThat(topics.update("orders", partitions(4))).isEqualTo(before);
    }

    @Test
    void raisingTheReplicationFactorMovesEachPartitionOntoMoreBrokersKeepingItsLeader() {
        register("b4");
        TopicDescription before = topics.create(spec("orders", 2, 1));

        TopicDescription after = topics.update("orders", new TopicUpdate(null, 3, null, null, null, null));

        assertThat(after.topic().replicationFactor()).isEqualTo(3);
        for (PartitionMetadata p : after.partitions()) {
            PartitionMetadata was = before.partitions().get(p.partition());
            assertThat(p.isMoving()).isTrue();
            assertThat(p.targetReplicas()).hasSize(3).doesNotHaveDuplicates().startsWith(was.leader());
            assertThat(p.replicas()).containsAll(p.targetReplicas());
            assertThat(p.leader()).isEqualTo(was.leader());
            assertThat(p.leaderEpoch()).isEqualTo(was.leaderEpoch());
        }
        // Restating the factor is not another change.
        assertThat(topics.update("orders", new TopicUpdate(null, 3, null, null, null, null)).partitions())
                .isEqualTo(after.partitions());
    }

    @Test
    void loweringTheReplicationFactorKeepsTheLeaderAndTheFirstReplicas() {
        TopicDescription before = topics.create(spec("orders", 1, 3));
        PartitionMetadata was = before.partitions().get(0);

        PartitionMetadata p = topics.update("orders", new TopicUpdate(null, 2, null, null, null, null))
                .partitions().get(0);

        assertThat(p.targetReplicas()).hasSize(2).contains(was.leader());
        assertThat(was.replicas()).containsAll(p.targetReplicas());
    }

    @Test
    void aReplicationFactorAboveTheLiveBrokersIsRefusedNamingBoth() {
        TopicDescription before = topics.create(spec("orders", 2, 2));

        rejected(() -> topics.update("orders", new TopicUpdate(null, 4, null, null, null, null)),
                ErrorCode.INVALID_REPLICATION_FACTOR).withMessageContaining("4").withMessageContaining("3");
        assertThat(topics.describe("orders")).isEqualTo(before);
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
        TopicDescription before = topics.create(new TopicSpec("orders", 2, 1, RetentionPolicy.DEFAULT, CompressionType.NONE,
                List.of("pii_scrubber"), Map.of()));
        time.sleep(5_000);

        TopicMetadata after = topics.update("orders", new TopicUpdate(null, null,
                new RetentionPolicy(RetentionPolicy.Kind.TIME, 1_209_600_000L), CompressionType.ZSTD,
                List.of("pii_scrubber", "fraud_detector"), null)).topic();

        assertThat(after.retentionPolicy()).isEqualTo(new RetentionPolicy(RetentionPolicy.Kind.TIME, 1_209_600_000L));
        assertThat(after.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(after.etlModules()).containsExactly("pii_scrubber", "fraud_detector");
        assertThat(after.createdAtMs()).isEqualTo(before.topic().createdAtMs());
        assertThat(after.topicId()).isEqualTo(before.topic().topicId());
        assertThat(after.partitionCount()).isEqualTo(2);

        TopicMetadata untouched = topics.update("orders", new TopicUpdate(null, null, null, null, null, null)).topic();
        assertThat(untouched).isEqualTo(after);
    }

    @Test
    void configsMergeAndNullRemoves() {
        topics.create(new TopicSpec("orders", 1, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(),
                Map.of("max_message_bytes", "1000", "segment_ms", "60000")));
        Map<String, String> change = new HashMap<>();
        change.put("segment_ms", null);
        change.put("min_in_sync_replicas", "2");
        change.put("max_message_bytes", "2000");

        TopicMetadata after = topics.update("orders", new TopicUpdate(null, null, null, null, null, change)).topic();

        assertThat(after.configs()).containsOnly(Map.entry("max_message_bytes", "2000"),
                Map.entry("min_in_sync_replicas", "2"));
        assertThat(topics.describe("orders").topic().configs()).isEqualTo(after.configs());
    }

    @Test
    void invalidUpdateChangesNothing() {
        TopicDescription before = topics.create(new TopicSpec("orders", 1, 1, RetentionPolicy.DEFAULT, CompressionType.NONE,
                List.of(), Map.of("segment_ms", "60000")));

        rejected(() -> topics.update("orders", new TopicUpdate(null, null, null, null, null,
                Map.of("segment_ms", "1", "typo", "1"))), ErrorCode.INVALID_CONFIG);
        rejected(() -> topics.update("orders", new TopicUpdate(null, null, null, null, null,
                Map.of("segment_ms", "0"))), ErrorCode.INVALID_CONFIG);
        rejected(() -> topics.update("orders", new TopicUpdate(2, null,
                new RetentionPolicy(RetentionPolicy.Kind.SIZE, 0), null, null, null)), ErrorCode.INVALID_CONFIG);
        rejected(() -> topics.update("orders", new TopicUpdate(null, null, null, null, List.of("a b"), null)),
                ErrorCode.INVALID_CONFIG);

        assertThat(topics.describe("orders")).isEqualTo(before);
    }

    @Test
    void sameSeedGivesSamePlacement() {
        Function<Long, List<PartitionMetadata>> placement = seed -> {
            KeyValueMetadataStore s = new MemoryMetadataStore();
            BrokerRegistry r = new BrokerRegistry(s, time, SESSION_TIMEOUT_MS);
            for (String id : List.of("b1", "b2", "b3", "b4", "b5")) {
                r.register(id, "rack", id + ":9092", id + ":9093");
            }
            TopicManager m = new TopicManager(s, r, time, new Random(seed));
            return m.create(spec("orders", 10, 3)).partitions();
        };
        assertThat(placement.apply(7L)).isEqualTo(placement.apply(7L));
    }
}
