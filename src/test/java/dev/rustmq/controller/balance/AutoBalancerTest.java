package dev.rustmq.controller.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.LeadershipReconciler;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AutoBalancerTest {
    private static final long SESSION_MS = 3_000;
    private static final long COOLDOWN_MS = 60_000;

    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry brokers = new BrokerRegistry(store, time, SESSION_MS);
    private final LeadershipReconciler controller = new LeadershipReconciler(store, brokers, time);
    private final ReassignmentManager reassignments = new ReassignmentManager(store, brokers);
    private final RebalanceManager rebalances = new RebalanceManager(store, brokers, reassignments, time);

    private AutoBalancer balancer(boolean enabled) {
        return new AutoBalancer(store, brokers, rebalances, time,
                new AutoBalancer.Settings(enabled, 0.8, 0.75, COOLDOWN_MS, 2));
    }

    private void cluster(int partitions, String... ids) {
        for (String id : ids) {
            brokers.register(id, "rack-" + id, id + ":9092", id + ":9093");
        }
        new TopicManager(store, brokers, time, new Random(1)).create(new TopicSpec("t", partitions, ids.length,
                RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        controller.runOnce();
        time.sleep(SESSION_MS - 1);
        brokers.brokers().forEach(b -> brokers.heartbeat(b.id()));
    }

    private void report(String id, double cpu, double memory, double bytesPerSec) {
        brokers.heartbeat(id, new BrokerLoad(cpu, memory, bytesPerSec, 0));
    }

    private void passUntilDone(AutoBalancer balancer) {
        for (int i = 0; i < 100 && rebalances.running().isPresent(); i++) {
            time.sleep(100);
            brokers.liveBrokers().forEach(b -> brokers.heartbeat(b.id(), b.load()));
            // The new replicas catch up, and their leaders let them in.
            for (PartitionMetadata p : store.partitions("t")) {
                if (!p.isr().containsAll(p.replicas()) && p.hasLeader()) {
                    store.alterIsr("t", p.partition(), p.leader(), p.leaderEpoch(), p.partitionEpoch(), p.replicas());
                }
            }
            controller.runOnce();
            rebalances.runOnce();
            balancer.runOnce();
        }
    }

    private long leadersOf(String broker) {
        return store.partitions("t").stream().filter(p -> p.leader().equals(broker)).count();
    }

    @Test
    void disabledItDoesNothingEvenWithAHotBroker() {
        cluster(4, "b1", "b2");
        report("b1", 0.99, 0.1, 0);
        assertThat(balancer(false).runOnce()).isEmpty();
    }

    @Test
    void aBrokerAboveTheCpuThresholdShedsLeadershipsFirst() {
        cluster(4, "b1", "b2", "b3");
        String hot = store.partitions("t").get(0).leader();
        long before = leadersOf(hot);
        brokers.liveBrokers().forEach(b -> report(b.id(), b.id().equals(hot) ? 0.95 : 0.2, 0.3, 0));

        AutoBalancer balancer = balancer(true);
        RebalancePlan plan = balancer.runOnce().orElseThrow();

        assertThat(plan.strategy()).isEqualTo(AutoBalancer.SHED);
        assertThat(plan.moves()).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m.leaderOnly()).as("a leadership move").isTrue());
        passUntilDone(balancer);
        assertThat(leadersOf(hot)).isLessThan(before);
        assertThat(balancer.movesPlanned()).isEqualTo(plan.moves().size());
    }

    @Test
    void aBrokerWithTrafficFarAboveTheMeanIsHot() {
        cluster(2, "b1", "b2", "b3");
        report("b1", 0.1, 0.1, 50 << 20);
        report("b2", 0.1, 0.1, 1 << 20);
        report("b3", 0.1, 0.1, 1 << 20);

        assertThat(balancer(true).hotBrokers(brokers.liveBrokers())).containsExactly("b1");
    }

    @Test
    void itWaitsForTheCooldownAfterAPlanBeforeTheNext() {
        cluster(4, "b1", "b2");
        AutoBalancer balancer = balancer(true);
        // An unbalanced cluster: a new broker with nothing.
        brokers.register("b3", "rack-b3", "b3:9092", "b3:9093");
        Optional<RebalancePlan> first = balancer.runOnce();
        assertThat(first).get().extracting(RebalancePlan::strategy).isEqualTo(AutoBalancer.EVEN_OUT);
        passUntilDone(balancer);

        brokers.register("b4", "rack-b4", "b4:9092", "b4:9093");
        time.sleep(COOLDOWN_MS / 2);
        brokers.brokers().forEach(b -> brokers.heartbeat(b.id()));
        assertThat(balancer.runOnce()).as("within the cooldown").isEmpty();

        time.sleep(COOLDOWN_MS);
        brokers.brokers().forEach(b -> brokers.heartbeat(b.id()));
        assertThat(balancer.runOnce()).as("after the cooldown").isPresent();
    }

    @Test
    void aBalancedClusterIsLeftAlone() {
        cluster(6, "b1", "b2", "b3");
        brokers.liveBrokers().forEach(b -> report(b.id(), 0.3, 0.3, 1000));
        List<PartitionMetadata> before = store.partitions("t");

        assertThat(balancer(true).runOnce()).isEmpty();
        assertThat(store.partitions("t")).isEqualTo(before);
    }
}
