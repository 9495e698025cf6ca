package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BrokerRegistryTest {
    private final MockTime time = new MockTime();
    private final KeyValueMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry registry = new BrokerRegistry(store, time, 3_000);

    @Test
    void registerStoresTheBroker() {
        BrokerMetadata b = registry.register("b1", "rack-a", "h1:9092", "h1:9093");

        assertThat(b).isEqualTo(new BrokerMetadata("b1", "rack-a", "h1:9092", "h1:9093", time.milliseconds(),
                time.milliseconds()));
        assertThat(store.broker("b1")).contains(b);
        assertThat(registry.brokers()).containsExactly(b);
    }

    @Test
    void heartbeatRefreshesOnlyRegisteredBrokers() {
        registry.register("b1", "r", "q", "r");
        time.sleep(2_500);

        assertThat(registry.heartbeat("b1")).isTrue();
        assertThat(registry.heartbeat("unknown")).isFalse();

        assertThat(store.broker("b1").orElseThrow().lastHeartbeatMs()).isEqualTo(time.milliseconds());
        assertThat(store.broker("unknown")).isEmpty();
    }

    @Test
    void reRegistrationKeepsFirstRegistrationTime() {
        long first = time.milliseconds();
        registry.register("b1", "rack-a", "old:9092", "old:9093");
        time.sleep(60_000);

        BrokerMetadata again = registry.register("b1", "rack-b", "new:9092", "new:9093");

        assertThat(again.registeredAtMs()).isEqualTo(first);
        assertThat(again.lastHeartbeatMs()).isEqualTo(time.milliseconds());
        assertThat(again.quicEndpoint()).isEqualTo("new:9092");
        assertThat(again.rackId()).isEqualTo("rack-b");
        assertThat(registry.brokers()).containsExactly(again);
    }

    @Test
    void brokerIsLiveUntilTheSessionTimeoutPasses() {
        registry.register("b1", "r", "q", "r");

        time.sleep(2_999);
        assertThat(registry.isLive(store.broker("b1").orElseThrow())).isTrue();

        time.sleep(1);
        assertThat(registry.isLive(store.broker("b1").orElseThrow())).isFalse();
        assertThat(registry.liveBrokers()).isEmpty();
        assertThat(registry.brokers()).hasSize(1);

        registry.heartbeat("b1");
        assertThat(registry.liveBrokers()).extracting(BrokerMetadata::id).containsExactly("b1");
    }

    @Test
    void brokersAreListedById() {
        registry.register("b3", "r", "q", "r");
        registry.register("b1", "r", "q", "r");
        registry.register("b2", "r", "q", "r");
        assertThat(registry.brokers()).extracting(BrokerMetadata::id).containsExactly("b1", "b2", "b3");
        assertThat(registry.sessionTimeoutMs()).isEqualTo(3_000);
    }

    @Test
    void aLiveBrokerKeepsItsIdAgainstAnotherAddressUntilItsRegistrationExpires() {
        registry.register("b1", "r", "h1:9092", "h1:9093");

        assertThatThrownBy(() -> registry.register("b1", "r", "h2:9092", "h2:9093"))
                .isInstanceOfSatisfying(RustMqException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage("broker id \"b1\" is registered by a live broker at h1:9092; give this broker (at h2:9092) "
                        + "another [broker] id");
        assertThat(registry.register("b1", "r", "h1:9092", "h1:9093").quicEndpoint()).as("the same broker again")
                .isEqualTo("h1:9092");

        time.sleep(3_000); // h1's registration expires: the broker moved
        assertThat(registry.register("b1", "r", "h2:9092", "h2:9093").quicEndpoint()).isEqualTo("h2:9092");
    }

    @Test
    void twoIdsWithOneNumericIdCannotBothRegister() {
        registry.register("7", "r", "h1:9092", "h1:9093");
        String sameHash = "bmgj_dz"; // String.hashCode() & 0x7FFFFFFF == 7, found by a meet-in-the-middle search
        assertThat(dev.rustmq.metadata.BrokerMetadata.numericId(sameHash)).isEqualTo(7);

        assertThatThrownBy(() -> registry.register(sameHash, "r", "h2:9092", "h2:9093"))
                .isInstanceOf(RustMqException.class)
                .hasMessageContaining("has the numeric id 7 of registered broker \"7\"");
    }

    @Test
    void aBrokerThatRestartsLeavesEveryInSyncSetAndHandsOverItsLeadsBeforeItIsRegistered() {
        for (String id : List.of("b1", "b2", "b3")) {
            registry.register(id, "rack", id + ":9092", id + ":9093", "first-" + id);
        }
        new TopicManager(store, registry, time, new Random(1)).create(new TopicSpec("t", 3, 3,
                RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        new TopicManager(store, registry, time, new Random(1)).create(new TopicSpec("alone", 1, 1,
                RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        String single = store.partitions("alone").get(0).leader();

        // The same process registering again (its heartbeat found no registration) changes nothing.
        registry.register("b1", "rack", "b1:9092", "b1:9093", "first-b1");
        assertThat(store.partitions("t")).allSatisfy(p -> assertThat(p.isr()).contains("b1"));

        registry.register("b1", "rack", "b1:9092", "b1:9093", "second-b1");

        for (PartitionMetadata p : store.partitions("t")) {
            assertThat(p.isr()).doesNotContain("b1").hasSize(2);
            assertThat(p.leader()).isNotEqualTo("b1");
            assertThat(p.isr()).contains(p.leader());
        }
        // A partition with no other in-sync replica keeps its only copy.
        if (single.equals("b1")) {
            assertThat(store.partitions("alone").get(0).leader()).isEqualTo("b1");
        }
        assertThat(store.broker("b1").orElseThrow().incarnation()).isEqualTo("second-b1");
    }
}
