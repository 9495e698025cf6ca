package dev.rustmq.controller.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.LeadershipReconciler;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.ReassignmentManager;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rebalance plans on a controller's metadata, with brokers played by the test: each pass the
 * leaders let every follower that joined a partition into the in-sync set (as their fetches would),
 * then the controller passes (moves step on) and the plans advance.
 */
class RebalanceManagerTest {
    private static final long SESSION_MS = 3_000;

    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry brokers = new BrokerRegistry(store, time, SESSION_MS);
    private final LeadershipReconciler controller = new LeadershipReconciler(store, brokers, time);
    private final ReassignmentManager reassignments = new ReassignmentManager(store, brokers);
    private final RebalanceManager rebalances = new RebalanceManager(store, brokers, reassignments, time);

    @BeforeEach
    void twoBrokersAndATopic() {
        register("b1", "b2");
        new TopicManager(store, brokers, time, new Random(1)).create(new TopicSpec("t", 6, 2,
                RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        // The controller judges brokers only after a whole session as active.
        controller.runOnce();
        time.sleep(SESSION_MS - 1);
        brokers.brokers().forEach(b -> brokers.heartbeat(b.id()));
    }

    private void register(String... ids) {
        for (String id : ids) {
            brokers.register(id, "rack-" + id, id + ":9092", id + ":9093");
        }
    }

    /** One round: heartbeats, followers catch up, the controller passes, plans advance. */
    private void pass() {
        time.sleep(100);
        brokers.liveBrokers().forEach(b -> brokers.heartbeat(b.id()));
        for (PartitionMetadata p : store.partitions("t")) {
            if (!p.isr().containsAll(p.replicas()) && p.hasLeader()) {
                store.alterIsr("t", p.partition(), p.leader(), p.leaderEpoch(), p.partitionEpoch(), p.replicas());
            }
        }
        controller.runOnce();
        rebalances.runOnce();
    }

    private RebalancePlan runToCompletion(String id) {
        for (int i = 0; i < 100 && RebalancePlan.RUNNING.equals(rebalances.get(id).orElseThrow().state()); i++) {
            pass();
        }
        return rebalances.get(id).orElseThrow();
    }

    @Test
    void aRebalanceMovesAtMostMaxConcurrentMovesAtATimeUntilDone() {
        register("b3");
        RebalancePlan plan = rebalances.start(BalanceStrategy.PARTITION_COUNT, List.of(), 2);
        assertThat(plan.moves()).hasSize(4);
        assertThat(plan.count(PartitionMove.MOVING)).isEqualTo(2);
        assertThat(reassignments.inProgress()).hasSize(2);

        RebalancePlan done = runToCompletion(plan.id());

        assertThat(done.state()).isEqualTo(RebalancePlan.COMPLETED);
        assertThat(done.moves()).allSatisfy(m -> assertThat(m.state()).isEqualTo(PartitionMove.DONE));
        assertThat(store.partitions("t")).allSatisfy(p -> {
            assertThat(p.isMoving()).isFalse();
            assertThat(p.replicas()).hasSize(2);
            assertThat(p.isr()).containsExactlyInAnyOrderElementsOf(p.replicas());
        });
        assertThat(store.partitions("t").stream().filter(p -> p.replicas().contains("b3")).count()).isEqualTo(4);
        assertThat(rebalances.movesDone()).isEqualTo(4);
    }

    @Test
    void oneRebalanceAtATimeAndCancellingStopsWhatHasNotStarted() {
        register("b3");
        RebalancePlan first = rebalances.start(BalanceStrategy.PARTITION_COUNT, List.of(), 1);

        assertThatThrownBy(() -> rebalances.start(BalanceStrategy.LEADER_COUNT, List.of(), 1))
                .isInstanceOfSatisfying(RustMqException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS))
                .hasMessageContaining(first.id()).hasMessageContaining("cancel");

        RebalancePlan cancelled = rebalances.cancel(first.id());
        assertThat(cancelled.count(PartitionMove.PENDING)).isZero();
        assertThat(cancelled.moves()).filteredOn(m -> PartitionMove.FAILED.equals(m.state()))
                .allSatisfy(m -> assertThat(m.error()).isEqualTo("cancelled")).hasSize(3);
        assertThat(runToCompletion(first.id()).count(PartitionMove.DONE)).isEqualTo(1);
    }

    @Test
    void anotherControllerCarriesOnAPlanFromTheMetadata() {
        register("b3");
        RebalancePlan plan = rebalances.start(BalanceStrategy.PARTITION_COUNT, List.of(), 1);

        RebalanceManager next = new RebalanceManager(store, brokers, reassignments, time);
        for (int i = 0; i < 100 && next.running().isPresent(); i++) {
            pass();
            next.runOnce();
        }

        assertThat(next.get(plan.id()).orElseThrow().count(PartitionMove.DONE)).isEqualTo(4);
    }

    @Test
    void aDrainEmptiesTheBroker() {
        register("b3");
        RebalancePlan drain = rebalances.drain("b1", 3);

        assertThat(runToCompletion(drain.id()).count(PartitionMove.DONE)).isEqualTo(6);
        assertThat(store.partitions("t")).allSatisfy(p -> {
            assertThat(p.replicas()).doesNotContain("b1");
            assertThat(p.leader()).isNotEqualTo("b1");
        });
    }

    @Test
    void aMoveWhosePartitionWasMovedByHandFails() {
        register("b3");
        RebalancePlan plan = rebalances.start(BalanceStrategy.PARTITION_COUNT, List.of(), 1);
        PartitionMove pending = plan.moves().stream().filter(m -> PartitionMove.PENDING.equals(m.state()))
                .findFirst().orElseThrow();
        reassignments.reassign("t", pending.partition(), List.of("b3"));

        RebalancePlan done = runToCompletion(plan.id());

        PartitionMove failed = done.moves().stream().filter(m -> m.partition() == pending.partition()).findFirst()
                .orElseThrow();
        assertThat(failed.state()).isEqualTo(PartitionMove.FAILED);
        assertThat(failed.error()).contains("placement changed");
        assertThat(rebalances.movesFailed()).isEqualTo(1);
    }

    @Test
    void unknownTopicsAndBrokersAndZeroConcurrencyAreRefused() {
        assertThatThrownBy(() -> rebalances.start(BalanceStrategy.BALANCE_LOAD, List.of("nope"), 1))
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> rebalances.drain("b9", 1)).hasMessageContaining("b9");
        assertThatThrownBy(() -> rebalances.start(BalanceStrategy.BALANCE_LOAD, List.of(), 0))
                .hasMessageContaining("max_concurrent_moves");
    }

    @Test
    void onlyTheLastCompletedPlansAreKept() {
        for (int i = 0; i < RebalanceManager.KEEP_COMPLETED + 3; i++) {
            RebalancePlan plan = rebalances.start(BalanceStrategy.LEADER_COUNT, List.of(), 1);
            runToCompletion(plan.id());
        }
        assertThat(rebalances.list()).hasSize(RebalanceManager.KEEP_COMPLETED);
    }
}
