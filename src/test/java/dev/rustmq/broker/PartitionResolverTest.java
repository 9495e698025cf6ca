package dev.rustmq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The produce and fetch paths' view of placements: cached, but a refusal from an old copy is checked again. */
class PartitionResolverTest {
    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final PartitionResolver resolver = new PartitionResolver(store, "b1", time, 1_000);

    PartitionResolverTest() {
        BrokerRegistry registry = new BrokerRegistry(store, time, 10_000);
        registry.register("b1", "r", "b1:9092", "b1:9093");
        registry.register("b2", "r", "b2:9092", "b2:9093");
        new TopicManager(store, registry, time, new Random(1)).create(new TopicSpec("t", 1, 2, RetentionPolicy.DEFAULT,
                CompressionType.NONE, List.of(), Map.of()));
    }

    private void leaderIs(String broker) {
        PartitionMetadata p = store.partitions("t").get(0);
        store.replacePartition(p, p.withLeader(broker, p.replicas()));
    }

    private ErrorCode refusal() {
        try {
            resolver.resolve("t", 0);
        } catch (RustMqException e) {
            return e.code();
        }
        return ErrorCode.NONE;
    }

    @Test
    void aRefusalFromACopyOlderThanTheRecheckIntervalIsCheckedAgainstTheStore() {
        leaderIs("b2");
        assertThat(refusal()).isEqualTo(ErrorCode.NOT_LEADER);
        leaderIs("b1");
        time.sleep(PartitionResolver.RECHECK_MS - 1);
        assertThat(refusal()).as("a copy this fresh is trusted").isEqualTo(ErrorCode.NOT_LEADER);
        time.sleep(1);
        assertThat(resolver.resolve("t", 0).partition().leader()).as("long before the 1 s time to live")
                .isEqualTo("b1");
    }

    @Test
    void anAcceptedPartitionIsServedFromTheCacheUntilItsTimeToLive() {
        leaderIs("b1");
        resolver.resolve("t", 0);
        leaderIs("b2");
        time.sleep(999);
        assertThat(resolver.resolve("t", 0).partition().leader()).isEqualTo("b1");
        time.sleep(1);
        assertThatThrownBy(() -> resolver.resolve("t", 0)).hasMessageContaining("its leader is broker b2");
    }
}
