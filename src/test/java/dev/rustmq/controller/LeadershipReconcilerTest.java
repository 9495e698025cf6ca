package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rustmq.common.MockTime;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The active controller's passes over a store, on the mock clock: when it judges brokers, and what it changes. */
class LeadershipReconcilerTest {
    private static final long SESSION_MS = 5_000;

    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry brokers = new BrokerRegistry(store, time, SESSION_MS);
    private final LeadershipReconciler reconciler = new LeadershipReconciler(store, brokers, time);

    @Test
    void aBrokerThatStopsHeartbeatingLosesItsLeadershipAndRegainsItWhenItReturns() {
        brokers.register("b1", "r", "h:1", "h:2");
        new TopicManager(store, brokers, time, new Random(1))
                .create(new TopicSpec("t", 2, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));

        assertThat(passesFor(SESSION_MS, "b1")).as("while b1 heartbeats").isEmpty();
        List<PartitionMetadata> offline = passesFor(SESSION_MS + 1_000);

        assertThat(offline).extracting(PartitionMetadata::hasLeader).containsExactly(false, false);
        assertThat(offline).extracting(PartitionMetadata::leaderEpoch).containsExactly(1, 1);
        assertThat(store.partitions("t")).isEqualTo(offline);
        assertThat(reconciler.elections()).isEqualTo(2);

        assertThat(passesFor(1_000, "b1")).extracting(PartitionMetadata::leader, PartitionMetadata::leaderEpoch)
                .containsExactly(tuple("b1", 2), tuple("b1", 2));
    }

    @Test
    void noBrokerIsJudgedBeforeTheControllerHasWatchedForAWholeSession() {
        store.putBroker(new BrokerMetadata("b1", "r", "h:1", "h:2", 0, 0));
        store.createTopic(KeyValueMetadataStoreTest.topic("t", 1),
                List.of(KeyValueMetadataStoreTest.partition("t", 0, "b1", 0)));
        time.sleep(60_000); // b1's last heartbeat is a minute old when the controller starts

        assertThat(passesFor(SESSION_MS)).as("the first pass starts watching; a session later it judges").isEmpty();
        assertThat(passesFor(1_000)).hasSize(1);
    }

    @Test
    void aControllerThatWasPausedWatchesAgainBeforeJudging() {
        brokers.register("b1", "r", "h:1", "h:2");
        store.createTopic(KeyValueMetadataStoreTest.topic("t", 1),
                List.of(KeyValueMetadataStoreTest.partition("t", 0, "b1", 0)));
        assertThat(passesFor(SESSION_MS * 2, "b1")).isEmpty();

        time.sleep(SESSION_MS * 2); // the controller's own threads stalled: its heartbeat view is stale
        assertThat(reconciler.runOnce()).isEmpty();
        // The broker's heartbeats, delayed by the same stall, arrive again.
        assertThat(passesFor(SESSION_MS * 2, "b1")).isEmpty();
        assertThat(store.partitions("t").get(0).leader()).isEqualTo("b1");
    }

    /** Passes every second for {@code ms}, the given brokers heartbeating before each; what they changed. */
    private List<PartitionMetadata> passesFor(long ms, String... heartbeating) {
        List<PartitionMetadata> changed = new ArrayList<>();
        for (long t = 0; t < ms; t += 1_000) {
            time.sleep(1_000);
            for (String b : heartbeating) {
                brokers.heartbeat(b);
            }
            changed.addAll(reconciler.runOnce());
        }
        return changed;
    }

    @Test
    void aStandbyChangesNothing() {
        KeyValueMetadataStore standbyStore = new KeyValueMetadataStore(new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new FixedQuorum("c1", List.of("c0", "c1"), true, "c0"));
        BrokerRegistry registry = new BrokerRegistry(standbyStore, time, SESSION_MS);
        standbyStore.createTopic(KeyValueMetadataStoreTest.topic("t", 1), List.of(KeyValueMetadataStoreTest.partition("t", 0, "b1", 0)));
        LeadershipReconciler standby = new LeadershipReconciler(standbyStore, registry, time);

        for (int i = 0; i < 20; i++) {
            assertThat(standby.runOnce()).isEmpty();
            time.sleep(1_000);
        }
        assertThat(standbyStore.partitions("t").get(0).leader()).isEqualTo("b1");
    }
}
