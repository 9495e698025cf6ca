package dev.rustmq.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.broker.ProduceHandler;
import dev.rustmq.broker.ProduceResult;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ReplicationConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.LeadershipReconciler;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded simulation of replication (docs/replication.md): four brokers with their own WALs,
 * one controller, a manual clock and a fake network. At random, producers send acks=all batches
 * to whichever broker their (possibly stale) metadata names leader, followers fetch (answers get
 * lost), brokers learn the placement late or not at all, propose in-sync changes, die and restart
 * from their WALs, links between any two of them (the controller included) are cut and healed,
 * and partitions are moved to other brokers (docs/cluster.md, "Moving partitions").
 * After every step:
 * <ul>
 *   <li>at most one leader per partition per epoch, and every leader is in its in-sync set;</li>
 *   <li>every acknowledged record is held, unchanged, by every in-sync replica;</li>
 *   <li>the high watermark a leader serves never goes back during its epoch;</li>
 *   <li>what any leader has shown consumers (below its high watermark) never changes.</li>
 * </ul>
 * At the end, with the network healed and every broker back, every acknowledged record is
 * readable from its leader. A failure names its seed and step, which replay it exactly.
 */
class ReplicationSimulationTest {
    private static final long SESSION_MS = 3_000;
    private static final long MAX_LAG_MS = 1_000;
    private static final int STEPS = 300;
    private static final String CONTROLLER = "controller";
    private static final List<String> BROKERS = List.of("b1", "b2", "b3", "b4");
    private static final String TOPIC = "t";

    private static final List<Logger> QUIET = List.of(Logger.getLogger(LeadershipReconciler.class.getName()),
            Logger.getLogger(ReplicaManager.class.getName()), Logger.getLogger(LogManager.class.getName()),
            Logger.getLogger(PartitionLog.class.getName()),
            Logger.getLogger(ReassignmentManager.class.getName()));
    private static final Map<Logger, Level> LEVELS = new HashMap<>();

    @BeforeAll
    static void quiet() {
        QUIET.forEach(l -> {
            LEVELS.put(l, l.getLevel());
            l.setLevel(Level.SEVERE);
        });
    }

    @AfterAll
    static void restore() {
        LEVELS.forEach(Logger::setLevel);
    }

    static LongStream seeds() {
        String only = System.getProperty("sim.seed");
        return only != null ? LongStream.of(Long.parseLong(only))
                : LongStream.range(0, Long.getLong("sim.seeds", 200));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replicationKeepsItsInvariantsWhateverFails(long seed) {
        Simulation simulation = new Simulation(seed);
        try {
            simulation.run();
        } finally {
            simulation.close();
        }
    }

    private static final class Simulation {
        private final long seed;
        private final Random random;
        private final MockTime time = new MockTime();
        private final MemoryMetadataStore store = new MemoryMetadataStore();
        private final BrokerRegistry registry = new BrokerRegistry(store, time, SESSION_MS);
        private final LeadershipReconciler controller = new LeadershipReconciler(store, registry, time);
        private final ReassignmentManager moves = new ReassignmentManager(store, registry);
        private int movesStarted;
        private final Map<String, Broker> brokers = new HashMap<>();
        private final Set<Set<String>> cut = new HashSet<>();
        private final Map<TopicPartition, TreeMap<Long, String>> acked = new HashMap<>();
        private final Map<TopicPartition, TreeMap<Long, String>> shown = new HashMap<>();
        private final Map<String, String> leaderOfEpoch = new HashMap<>();
        private final Map<String, Long> servedHighWatermark = new HashMap<>();
        /** Acknowledged offsets already found on a copy (a broker incarnation's log, between cuts). */
        private final Map<String, Set<Long>> checkedCopies = new HashMap<>();
        private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
        private int produced;
        private int step = -1;

        Simulation(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            for (String id : BROKERS) {
                registry.register(id, "rack-" + id, id + ":9092", id + ":9093");
                brokers.put(id, new Broker(id, new MemoryWriteAheadLog(256L << 20)));
            }
            new TopicManager(store, registry, time, new Random(seed)).create(new TopicSpec(TOPIC, 2, 3,
                    RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of("min_in_sync_replicas", "2")));
            brokers.values().forEach(Broker::learnPlacement);
        }

        void run() {
            for (step = 0; step < STEPS; step++) {
                int action = random.nextInt(100);
                if (action < 50) {
                    produce();
                } else if (action < 54) {
                    aliveBroker().ifPresent(b -> b.alive = false);
                } else if (action < 58) {
                    List<String> nodes = new ArrayList<>(BROKERS);
                    nodes.add(CONTROLLER);
                    String a = nodes.remove(random.nextInt(nodes.size()));
                    cut.add(Set.of(a, nodes.get(random.nextInt(nodes.size()))));
                } else if (action < 61) {
                    time.sleep(random.nextInt((int) SESSION_MS));
                } else if (action < 65) {
                    move();
                }
                // Failures end at random too: dead brokers restart from their WALs, cut links heal.
                for (String id : BROKERS) {
                    if (!brokers.get(id).alive && random.nextInt(100) < 8) {
                        brokers.get(id).restart();
                    }
                }
                cut.removeIf(link -> random.nextInt(100) < 8);
                // Each broker's background work, each at its own pace: fetches (answers sometimes
                // lost), reading the placement, proposing in-sync changes.
                for (String id : BROKERS) {
                    Broker b = brokers.get(id);
                    if (!b.alive) {
                        continue;
                    }
                    if (random.nextInt(100) < 60) {
                        b.fetchRound(random.nextInt(10) == 0);
                    }
                    if (random.nextInt(100) < 30 && reachable(id, CONTROLLER)) {
                        b.learnPlacement();
                    }
                    if (random.nextInt(100) < 20 && reachable(id, CONTROLLER)) {
                        b.replicas.checkIsr();
                    }
                }
                time.sleep(random.nextInt(200));
                for (Broker b : brokers.values()) {
                    if (b.alive && reachable(b.id, CONTROLLER)) {
                        registry.heartbeat(b.id);
                    }
                }
                controller.runOnce();
                if (System.getProperty("sim.debug") != null) {
                    System.out.println("DEBUG step " + step + " action " + action + " cut " + cut + " alive "
                            + brokers.values().stream().filter(x -> x.alive).map(x -> x.id).toList() + " "
                            + store.partitions(TOPIC) + " ends " + brokers.values().stream().map(x -> x.id + ":"
                            + x.logs.partitionLog(new TopicPartition(TOPIC, 1)).durableEnd() + "/"
                            + x.logs.partitionLog(new TopicPartition(TOPIC, 1)).highWatermark()).toList());
                }
                check();
            }
            settle();
        }

        void close() {
            brokers.values().forEach(b -> b.logs.close());
        }

        /** Heals everything, brings every broker back, and lets replication finish; then checks what is left. */
        private void settle() {
            cut.clear();
            brokers.values().stream().filter(b -> !b.alive).forEach(Broker::restart);
            for (int round = 0; round < 60; round++) {
                time.sleep(200);
                brokers.values().forEach(b -> registry.heartbeat(b.id));
                controller.runOnce();
                for (Broker b : brokers.values()) {
                    b.learnPlacement();
                    b.fetchRound(false);
                    b.replicas.checkIsr();
                }
                check();
            }
            assertThat(acked.values().stream().mapToInt(Map::size).sum())
                    .as("seed %d acknowledged records at all (of %d sent)", seed, produced).isPositive();
            for (PartitionMetadata p : store.partitions(TOPIC)) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                assertThat(p.hasLeader()).as("seed %d: %s is led at the end", seed, tp).isTrue();
                assertThat(p.isMoving()).as("seed %d: the move of %s to %s completed (%d moves started)", seed, tp,
                        p.targetReplicas(), movesStarted).isFalse();
                PartitionLog log = brokers.get(p.leader()).logs.partitionLog(tp);
                acked.getOrDefault(tp, new TreeMap<>()).forEach((offset, value) -> {
                    assertThat(offset).as("seed %d: acknowledged offset %d of %s is below the leader's high "
                            + "watermark", seed, offset, tp).isLessThan(log.highWatermark());
                    assertThat(valueAt(log, offset)).as("seed %d: %s offset %d", seed, tp, offset).contains(value);
                });
            }
        }

        private Optional<Broker> aliveBroker() {
            Broker b = brokers.get(BROKERS.get(random.nextInt(BROKERS.size())));
            return b.alive ? Optional.of(b) : Optional.empty();
        }

        private boolean reachable(String a, String b) {
            return !cut.contains(Set.of(a, b));
        }

        /** An operator moves a partition to one to three brokers chosen at random (refused if one is not live). */
        private void move() {
            List<String> target = new ArrayList<>(BROKERS);
            java.util.Collections.shuffle(target, random);
            target = target.subList(0, 1 + random.nextInt(3));
            try {
                moves.reassign(TOPIC, random.nextInt(2), target);
                movesStarted++;
            } catch (dev.rustmq.errors.RustMqException refused) {
                // a target broker is not live: the operator would pick others
            }
        }

        /** A producer sends one acks=all record to the leader named by the controller's metadata it last read. */
        private void produce() {
            int partition = random.nextInt(2);
            PartitionMetadata p = store.partitions(TOPIC).get(partition);
            if (!p.hasLeader()) {
                return;
            }
            Broker leader = brokers.get(p.leader());
            if (!leader.alive) {
                return;
            }
            String value = "s" + seed + "-r" + produced++;
            ByteBuffer batch = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE,
                    List.of(Record.of(null, value.getBytes(StandardCharsets.UTF_8), time.milliseconds())));
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            CompletableFuture<ProduceResult> sent = leader.produce.produce(TOPIC, partition, Acks.ALL, 30_000, batch);
            inFlight.add(sent.whenComplete((result, error) -> {
                if (System.getProperty("sim.debug") != null) {
                    System.out.println("DEBUG step " + step + " " + tp + " -> " + (error == null ? result : error));
                }
                if (error == null) {
                    String before = acked.computeIfAbsent(tp, k -> new TreeMap<>()).put(result.baseOffset(), value);
                    assertThat(before).as("seed %d: offset %d of %s acknowledged twice", seed, result.baseOffset(), tp)
                            .isNull();
                }
            }));
        }

        private void check() {
            String at = "seed " + seed + " step " + step + ": ";
            for (PartitionMetadata p : store.partitions(TOPIC)) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (p.hasLeader()) {
                    String earlier = leaderOfEpoch.putIfAbsent(tp + "@" + p.leaderEpoch(), p.leader());
                    assertThat(earlier == null || earlier.equals(p.leader()))
                            .as(at + "%s epoch %d led by %s and %s", tp, p.leaderEpoch(), earlier, p.leader()).isTrue();
                    assertThat(p.isr()).as(at + "%s leader in its ISR", tp).contains(p.leader());
                }
                for (String member : p.isr()) {
                    Broker b = brokers.get(member);
                    PartitionLog log = b.logs.partitionLog(tp);
                    // A copy only changes at its end, unless it was cut or its broker restarted: what was
                    // checked on this copy before holds still, so only new acknowledgements need a look.
                    String copy = member + "#" + b.incarnation + "/" + b.replicas.stats().truncations() + " " + tp;
                    Set<Long> checked = checkedCopies.computeIfAbsent(copy, k -> new HashSet<>());
                    acked.getOrDefault(tp, new TreeMap<>()).forEach((offset, value) -> {
                        if (checked.add(offset)) {
                            assertThat(valueAt(log, offset)).as(at + "acknowledged %s offset %d on in-sync replica %s",
                                    tp, offset, member).contains(value);
                        }
                    });
                }
                for (Broker b : brokers.values()) {
                    b.checkWhatItServes(tp, at);
                }
            }
        }

        /** The value of the record at {@code offset} in a replica's log, as held durably there. */
        private static Optional<String> valueAt(PartitionLog log, long offset) {
            if (offset >= log.durableEnd() || offset < log.logStartOffset()) {
                return Optional.empty();
            }
            RecordBatch batch = RecordBatch.wrap(log.readForReplica(offset, 1).batches().get(0));
            long o = batch.baseOffset();
            for (Record r : batch.records()) {
                if (o++ == offset) {
                    return Optional.of(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }

        /** One broker: its WAL outlives restarts; everything else is made again. */
        private final class Broker {
            final String id;
            final MemoryWriteAheadLog wal;
            final Map<String, ReplicaFetcher> fetchers = new HashMap<>();
            final Map<TopicPartition, PartitionMetadata> placement = new HashMap<>();
            LogManager logs;
            ReplicaManager replicas;
            ProduceHandler produce;
            boolean alive = true;
            int incarnation;
            /** Whether this round's fetch answers get lost on the way back. */
            boolean loseAnswers;

            Broker(String id, MemoryWriteAheadLog wal) {
                this.id = id;
                this.wal = wal;
                start();
            }

            private void start() {
                if (logs != null) {
                    logs.close(); // its WAL lives on (closing a memory WAL keeps it); its thread must not
                }
                incarnation++;
                fetchers.clear();
                placement.clear();
                logs = LogManager.open(wal, new WriteCache(64 << 20), new ReadCache(64 << 20), 5_000);
                StorageMetadata view = new PlacementView(store, placement);
                replicas = new ReplicaManager(id, logs, view, MAX_LAG_MS, time);
                produce = new ProduceHandler(new PartitionResolver(view, id, time, 0), logs,
                        new ReplicationConfig(2, 5_000, MAX_LAG_MS), 1 << 20, time,
                        dev.rustmq.metrics.DataPlaneObserver.NOOP, replicas);
            }

            void restart() {
                alive = true;
                start();
            }

            /** This broker reads the controller's placement now (brokers do so at different times). */
            void learnPlacement() {
                for (PartitionMetadata p : store.partitions(TOPIC)) {
                    placement.put(new TopicPartition(p.topic(), p.partition()), p);
                }
                replicas.apply(placement.values());
            }

            /** One fetch from each leader this broker follows; a lost answer when {@code loseAnswers}. */
            void fetchRound(boolean loseAnswers) {
                this.loseAnswers = loseAnswers;
                for (String leader : replicas.leadersFollowed()) {
                    ReplicaFetcher fetcher = fetchers.computeIfAbsent(leader, l -> new ReplicaFetcher(replicas, l,
                            new FakeChannel(this, l), 1 << 20, 0, 1_000));
                    try {
                        fetcher.runOnce();
                    } catch (IOException lost) {
                        // the follower tries again in a later step
                    }
                }
            }

            void checkWhatItServes(TopicPartition tp, String at) {
                if (!alive) {
                    return;
                }
                Optional<LeaderPartition> led = replicas.leaderPartitions().stream()
                        .filter(l -> l.partition().equals(tp)).findFirst();
                if (led.isEmpty()) {
                    return;
                }
                PartitionLog log = logs.partitionLog(tp);
                long hw = log.highWatermark();
                String key = id + "#" + incarnation + " " + tp + "@" + led.get().leaderEpoch();
                Long before = servedHighWatermark.put(key, hw);
                assertThat(before == null || before <= hw).as(at + "%s high watermark went from %s to %d", key,
                        before, hw).isTrue();
                TreeMap<Long, String> seen = shown.computeIfAbsent(tp, k -> new TreeMap<>());
                // Incrementally from what it showed before, and all of it every tenth step (a leader
                // that cut its own log in its epoch would show a change there).
                long from = Math.max(log.logStartOffset(), before == null || step % 10 == 0 ? 0 : before);
                for (long offset = from; offset < hw; offset++) {
                    Optional<String> value = valueAt(log, offset);
                    String earlier = seen.putIfAbsent(offset, value.orElse("<missing>"));
                    assertThat(earlier == null || earlier.equals(value.orElse("<missing>")))
                            .as(at + "%s offset %d was shown as %s, now %s", key, offset, earlier, value).isTrue();
                }
            }
        }

        /** The follower's line to a leader: nothing gets through a cut link or to a dead broker. */
        private final class FakeChannel implements ReplicaChannel {
            private final Broker from;
            private final String to;

            FakeChannel(Broker from, String to) {
                this.from = from;
                this.to = to;
            }

            @Override
            public ReplicaFetchResponse fetch(ReplicaFetchRequest request, long timeoutMs) throws IOException {
                Broker leader = brokers.get(to);
                if (!leader.alive || !reachable(from.id, to)) {
                    throw new IOException(to + " cannot be reached from " + from.id);
                }
                ReplicaFetchResponse response = leader.replicas.fetch(request);
                if (from.loseAnswers) {
                    throw new IOException("the answer from " + to + " was lost");
                }
                return response;
            }

            @Override
            public void close() {
            }
        }
    }

    /**
     * A broker's view of the controller: placement as it last read it (stale until it reads
     * again), everything else from the controller's store.
     */
    private record PlacementView(MemoryMetadataStore store, Map<TopicPartition, PartitionMetadata> placement)
            implements StorageMetadata {
        @Override
        public Optional<TopicMetadata> topic(String name) {
            return store.topic(name);
        }

        @Override
        public List<TopicMetadata> topics() {
            return store.topics();
        }

        @Override
        public List<PartitionMetadata> partitions(String topic) {
            return placement.values().stream().filter(p -> p.topic().equals(topic))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
        }

        @Override
        public Optional<PartitionManifest> manifest(String topic, int partition) {
            return store.manifest(topic, partition);
        }

        @Override
        public boolean replaceManifest(PartitionManifest expected, PartitionManifest next) {
            return store.replaceManifest(expected, next);
        }

        @Override
        public PartitionMetadata alterIsr(String topic, int partition, String leader, int leaderEpoch, int partitionEpoch,
                                          List<String> isr) {
            return store.alterIsr(topic, partition, leader, leaderEpoch, partitionEpoch, isr);
        }

        @Override
        public long allocateProducerIds(int count) {
            return store.allocateProducerIds(count);
        }
    }
}
