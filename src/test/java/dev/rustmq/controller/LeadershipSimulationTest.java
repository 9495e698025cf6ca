package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.MockTime;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded simulation of leader election on the mock clock: brokers die and return at random, the
 * clock jumps (short steps, and now and then a stall of the controller), the active controller
 * runs its passes, and a stale controller — one that read the metadata a while ago and lost its
 * place since — tries its own decisions on top. After every step: at most one leader per partition
 * per epoch, epochs never go back and go up with every change of leader, every leader is in its ISR
 * and every new leader came from the ISR before it (no unclean election). At the end, with every
 * broker live again, every partition is led. A failure names its seed, which replays it exactly.
 */
class LeadershipSimulationTest {
    private static final long SESSION_MS = 3_000;
    private static final int STEPS = 300;
    private static final List<String> BROKERS = List.of("b1", "b2", "b3", "b4");

    private static final Logger ELECTIONS = Logger.getLogger(LeadershipReconciler.class.getName());
    private static Level level;

    @BeforeAll
    static void quiet() {
        level = ELECTIONS.getLevel();
        ELECTIONS.setLevel(Level.WARNING); // thousands of elections: their INFO lines would drown the report
    }

    @AfterAll
    static void restore() {
        ELECTIONS.setLevel(level);
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void electionsKeepTheirInvariantsWhateverFails(long seed) {
        Random random = new Random(seed);
        MockTime time = new MockTime();
        MemoryMetadataStore store = new MemoryMetadataStore();
        BrokerRegistry brokers = new BrokerRegistry(store, time, SESSION_MS);
        Set<String> alive = new HashSet<>(BROKERS);
        BROKERS.forEach(b -> brokers.register(b, "rack-" + b, b + ":9092", b + ":9093"));
        TopicManager topics = new TopicManager(store, brokers, time, new Random(seed));
        topics.create(new TopicSpec("one", 3, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        topics.create(new TopicSpec("three", 4, 3, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
        // Followers that "caught up": the ISR starts with every replica, as replication will make it.
        for (String topic : List.of("one", "three")) {
            for (PartitionMetadata p : store.partitions(topic)) {
                store.replacePartition(p, p.withIsr(p.replicas()));
            }
        }
        LeadershipReconciler active = new LeadershipReconciler(store, brokers, time);
        History history = new History();
        List<PartitionMetadata> staleView = snapshot(store);
        history.check(snapshot(store), seed, -1);

        for (int step = 0; step < STEPS; step++) {
            int action = random.nextInt(100);
            if (action < 15) {
                String b = BROKERS.get(random.nextInt(BROKERS.size()));
                if (!alive.remove(b)) {
                    alive.add(b);
                }
            } else if (action < 20) {
                time.sleep(SESSION_MS + random.nextInt((int) SESSION_MS)); // the controller stalls
            } else if (action < 30) {
                // A stale controller applies what it would have decided from an old read.
                Set<String> itsLive = new HashSet<>(BROKERS.subList(0, 1 + random.nextInt(BROKERS.size())));
                for (PartitionMetadata old : staleView) {
                    LeaderElection.next(old, itsLive).ifPresent(next -> store.replacePartition(old, next));
                }
            } else if (action < 35) {
                staleView = snapshot(store);
            }
            time.sleep(random.nextInt(1_000));
            alive.forEach(brokers::heartbeat);
            active.runOnce();
            history.check(snapshot(store), seed, step);
        }

        alive.addAll(BROKERS);
        for (int i = 0; i < 4 * SESSION_MS / 500; i++) {
            time.sleep(500);
            alive.forEach(brokers::heartbeat);
            active.runOnce();
        }
        List<PartitionMetadata> last = snapshot(store);
        history.check(last, seed, STEPS);
        assertThat(last).as("seed %d: every partition is led once all brokers are back", seed)
                .allMatch(PartitionMetadata::hasLeader);
        assertThat(active.elections()).as("seed %d elected leaders at all", seed).isPositive();
    }

    private static List<PartitionMetadata> snapshot(MemoryMetadataStore store) {
        List<PartitionMetadata> all = new ArrayList<>(store.partitions("one"));
        all.addAll(store.partitions("three"));
        return all;
    }

    /** What every partition looked like, to check each new look against. */
    private static final class History {
        private final Map<String, PartitionMetadata> last = new HashMap<>();
        private final Map<String, String> leaderOfEpoch = new HashMap<>();

        void check(List<PartitionMetadata> now, long seed, int step) {
            for (PartitionMetadata p : now) {
                String key = p.topic() + "-" + p.partition();
                String where = "seed " + seed + " step " + step + " " + key + " " + p;
                assertThat(p.isr()).as(where + ": ISR not empty, within the replicas").isNotEmpty()
                        .isSubsetOf(p.replicas());
                if (p.hasLeader()) {
                    assertThat(p.isr()).as(where + ": the leader is in sync").contains(p.leader());
                }
                String previousLeader = leaderOfEpoch.putIfAbsent(key + "@" + p.leaderEpoch(), p.leader());
                assertThat(previousLeader == null || previousLeader.equals(p.leader()))
                        .as(where + ": one leader per epoch (was " + previousLeader + ")").isTrue();
                PartitionMetadata before = last.put(key, p);
                if (before != null) {
                    assertThat(p.leaderEpoch()).as(where + ": epochs never go back").isGreaterThanOrEqualTo(before.leaderEpoch());
                    if (!p.leader().equals(before.leader())) {
                        assertThat(p.leaderEpoch()).as(where + ": a new leader, a new epoch").isGreaterThan(before.leaderEpoch());
                        if (p.hasLeader()) {
                            assertThat(before.isr()).as(where + ": elected from the ISR before it").contains(p.leader());
                        }
                    }
                }
            }
        }
    }
}
