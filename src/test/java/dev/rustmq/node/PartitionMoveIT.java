package dev.rustmq.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.balance.PartitionMove;
import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions move by metadata while a producer writes (docs/cluster.md, "Moving partitions"): a
 * controller and two brokers in one JVM on 127.0.0.1; a third broker joins the running cluster
 * and a PARTITION_COUNT rebalance gives it its share; then the first broker is drained. Every
 * acknowledged record is then read back exactly once, the drained broker holds no copy, and the
 * time of each move is printed (docs/benchmarks.md). A broker whose disk was wiped comes back,
 * catches up, and on its own serves every acknowledged record.
 */
class PartitionMoveIT {
    private static final String TOPIC = "orders";
    /** {@code -Drustmq.it.movePartitions=N}: partitions of the loaded topic (the benchmark uses more). */
    private static final int PARTITIONS = Integer.getInteger("rustmq.it.movePartitions", 6);
    /** {@code -Drustmq.it.moveConcurrency=N}: moves at a time (1 measures one partition's move alone). */
    private static final int CONCURRENCY = Integer.getInteger("rustmq.it.moveConcurrency", 2);

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(8);
    private final Map<String, RustMqNode> brokers = new ConcurrentHashMap<>();
    private final Map<String, Integer> clientPorts = new ConcurrentHashMap<>();
    private int[] ports;

    @AfterEach
    void stop() throws InterruptedException {
        brokers.values().forEach(RustMqNode::close);
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aJoiningBrokerGetsItsSharePartitionsDrainUnderLoadAndNothingAcknowledgedIsLost() throws Exception {
        try (RustMqNode controller = startController()) {
            startBrokers("b1", "b2");
            await().atMost(Duration.ofSeconds(30)).until(() -> controller.admin().liveBrokers().size() == 2);
            controller.admin().createTopic(new TopicSpec(TOPIC, PARTITIONS, 2, RetentionPolicy.DEFAULT,
                    CompressionType.NONE, List.of(), Map.of()));

            Map<Integer, Set<String>> acked = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread load;
            try (Producer producer = Producer.connect(bootstrap(), ProducerConfig.builder().acks(Acks.ALL)
                    .lingerMs(5).retries(Integer.MAX_VALUE).deliveryTimeoutMs(60_000).build())) {
                load = new Thread(() -> {
                    for (int i = 0; sending.get(); i++) {
                        int partition = i % PARTITIONS;
                        String value = "r" + i;
                        producer.send(new ProducerRecord(TOPIC, partition, null, value.getBytes(UTF_8)))
                                .whenComplete((meta, error) -> {
                                    if (error == null) {
                                        acked.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(value);
                                    } else {
                                        failures.add(error);
                                    }
                                });
                        if (i % 50 == 49) {
                            producer.flush();
                        }
                    }
                    producer.flush();
                }, "load");
                load.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.values().stream().mapToInt(Set::size).sum() > 500);

                // A new broker joins the running cluster and gets its share by a rebalance.
                startBrokers("b3");
                await().atMost(Duration.ofSeconds(30)).until(() -> controller.admin().liveBrokers().size() == 3);
                RebalancePlan rebalance = controller.admin().moves().startRebalance("PARTITION_COUNT", List.of(), CONCURRENCY);
                assertThat(rebalance.moves()).isNotEmpty();
                RebalancePlan balanced = awaitCompleted(controller, rebalance.id());
                assertThat(balanced.moves()).allSatisfy(m -> assertThat(m.state()).isEqualTo(PartitionMove.DONE));
                Map<String, Long> replicas = replicaCounts(controller);
                assertThat(replicas.get("b3")).as("replicas per broker %s", replicas).isEqualTo(PARTITIONS * 2L / 3);

                // The first broker is drained before its maintenance.
                RebalancePlan drain = controller.admin().moves().drainBroker("b1", CONCURRENCY);
                RebalancePlan drained = awaitCompleted(controller, drain.id());
                assertThat(drained.moves()).allSatisfy(m -> assertThat(m.state()).isEqualTo(PartitionMove.DONE));
                assertThat(placements(controller)).allSatisfy(p -> assertThat(p.replicas()).doesNotContain("b1"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    for (int p = 0; p < PARTITIONS; p++) {
                        assertThat(brokers.get("b1").logs().orElseThrow().partition(new TopicPartition(TOPIC, p)))
                                .as("b1's copy of partition %d", p).isEmpty();
                    }
                });
                report("rebalance", balanced);
                report("drain", drained);

                int before = acked.values().stream().mapToInt(Set::size).sum();
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.values().stream().mapToInt(Set::size).sum()
                        > before + 200);
                sending.set(false);
                load.join();
            }
            assertThat(failures).as("sends that failed").isEmpty();
            try (RustMqClient reader = RustMqClient.connect(bootstrap())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    int partition = p;
                    // The reader learns each partition's leader from its first NOT_LEADER answer.
                    List<String> values = await().atMost(Duration.ofSeconds(20))
                            .ignoreExceptionsInstanceOf(RustMqClientException.class)
                            .until(() -> readAll(reader, partition), v -> true);
                    assertThat(values).as("partition %d holds each record once", p).doesNotHaveDuplicates();
                    assertThat(values).as("partition %d holds every acknowledged record", p)
                            .containsAll(acked.getOrDefault(p, Set.of()));
                }
            }
        }
    }

    @Test
    void aBrokerWhoseDiskWasWipedRejoinsCatchesUpAndServesEveryAcknowledgedRecord() throws Exception {
        try (RustMqNode controller = startController()) {
            startBrokers("b1", "b2", "b3");
            await().atMost(Duration.ofSeconds(30)).until(() -> controller.admin().liveBrokers().size() == 3);
            controller.admin().createTopic(new TopicSpec(TOPIC, 2, 3, RetentionPolicy.DEFAULT,
                    CompressionType.NONE, List.of(), Map.of()));
            Map<Integer, List<String>> sent = new HashMap<>();
            try (Producer producer = Producer.connect(bootstrap(), ProducerConfig.builder().acks(Acks.ALL).build())) {
                for (int i = 0; i < 400; i++) {
                    String value = "w" + i;
                    producer.send(new ProducerRecord(TOPIC, i % 2, null, value.getBytes(UTF_8))).get(30,
                            TimeUnit.SECONDS);
                    sent.computeIfAbsent(i % 2, p -> new ArrayList<>()).add(value);
                }
            }

            // b2 stops, its disk is wiped, and it starts again at once (well within the session).
            brokers.remove("b2").close();
            deleteRecursively(dir.resolve("b2"));
            startBrokers("b2");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (PartitionMetadata p : placements(controller)) {
                    assertThat(p.isr()).as("%s", p).contains("b2");
                    PartitionLog copy = brokers.get("b2").logs().orElseThrow()
                            .partitionLog(new TopicPartition(TOPIC, p.partition()));
                    assertThat(copy.durableEnd()).isEqualTo(200);
                }
            });

            // With the two others gone, b2 leads and serves everything that was acknowledged.
            brokers.remove("b1").close();
            brokers.remove("b3").close();
            clientPorts.keySet().retainAll(Set.of("b2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> placements(controller).stream()
                    .allMatch(p -> "b2".equals(p.leader())));
            try (RustMqClient reader = RustMqClient.connect(bootstrap())) {
                for (int p = 0; p < 2; p++) {
                    int partition = p;
                    List<String> values = await().atMost(Duration.ofSeconds(20))
                            .ignoreExceptionsInstanceOf(RustMqClientException.class)
                            .until(() -> readAll(reader, partition), v -> true);
                    assertThat(values).isEqualTo(sent.get(p));
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    private RebalancePlan awaitCompleted(RustMqNode controller, String id) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> controller.admin().moves().rebalance(id),
                plan -> RebalancePlan.COMPLETED.equals(plan.state()));
    }

    private static void report(String what, RebalancePlan plan) {
        List<Long> durations = plan.moves().stream().map(m -> m.finishedAtMs() - m.startedAtMs()).sorted().toList();
        System.out.printf("%s: %d partition moves under load, %d at a time: median %d ms, worst %d ms%n", what,
                durations.size(), plan.maxConcurrentMoves(), durations.get(durations.size() / 2),
                durations.get(durations.size() - 1));
    }

    private static List<PartitionMetadata> placements(RustMqNode controller) {
        return controller.topics().describe(TOPIC).partitions();
    }

    private static Map<String, Long> replicaCounts(RustMqNode controller) {
        Map<String, Long> counts = new HashMap<>();
        placements(controller).forEach(p -> p.replicas().forEach(b -> counts.merge(b, 1L, Long::sum)));
        return counts;
    }

    private static List<String> readAll(RustMqClient reader, int partition) {
        List<String> values = new ArrayList<>();
        long offset = 0;
        while (true) {
            FetchResponse response = reader.fetch(new FetchRequest(TOPIC, partition, offset, 1 << 20, 100));
            for (ConsumedRecord r : response.records()) {
                values.add(new String(r.value(), UTF_8));
            }
            if (response.records().isEmpty() || response.nextOffset() >= response.highWatermark()) {
                return values;
            }
            offset = response.nextOffset();
        }
    }

    private String bootstrap() {
        return "tcp://" + String.join(",", clientPorts.values().stream().map(port -> "127.0.0.1:" + port).toList());
    }

    private RustMqNode startController() {
        ports = FreePorts.take(7);
        return RustMqNode.start(config(Role.CONTROLLER, dir.resolve("c0"), Map.of("controller.node_id", "c0",
                "controller.rpc_listen", "127.0.0.1:" + ports[0])), Time.SYSTEM, scheduler);
    }

    private void startBrokers(String... ids) throws InterruptedException {
        List<Thread> starting = new ArrayList<>();
        for (String id : ids) {
            int i = Integer.parseInt(id.substring(1));
            clientPorts.put(id, ports[2 * i - 1]);
            RustMqConfig c = config(Role.BROKER, dir.resolve(id), Map.of("broker.id", id,
                    "network.quic_listen", "127.0.0.1:" + ports[2 * i - 1],
                    "network.rpc_listen", "127.0.0.1:" + ports[2 * i],
                    "controller.endpoints", "127.0.0.1:" + ports[0]));
            Thread t = new Thread(() -> brokers.put(id, RustMqNode.start(c, Time.SYSTEM, scheduler)));
            t.start();
            starting.add(t);
        }
        for (Thread t : starting) {
            t.join();
        }
    }

    private static RustMqConfig config(Role role, Path data, Map<String, String> values) {
        Map<String, Setting> settings = new HashMap<>();
        settings.put("controller.heartbeat_interval_ms", new Setting("200", "test"));
        settings.put("controller.election_timeout_ms", new Setting("1500", "test"));
        settings.put("replication.max_replication_lag", new Setting("1000", "test"));
        values.forEach((k, v) -> settings.put(k, new Setting(v, "test")));
        return RustMqConfig.from(settings, data, role);
    }
}
