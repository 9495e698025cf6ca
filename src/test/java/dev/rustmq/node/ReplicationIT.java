package dev.rustmq.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.ProducerFields;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.testing.FreePorts;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller and three brokers in one JVM on 127.0.0.1 (docs/replication.md): an acks=all
 * write with replication factor 3 reaches every replica's WAL; when its leader's broker stops, the
 * controller elects an in-sync follower that serves every acknowledged record and takes new
 * writes; with two of three brokers gone, acks=all is refused with NOT_ENOUGH_REPLICAS. One client
 * bootstrapped with all three brokers follows the partition's leader throughout (it retries
 * after NOT_LEADER, LEADER_NOT_AVAILABLE or a lost connection, as the producer does). An
 * idempotent producer's batch sent again to the new leader after the failover is recognised as a
 * retry: it gets its original offsets and is not written twice.
 */
class ReplicationIT {
    private static final String SESSION_MS = "1500";
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(6);
    private final Map<String, RustMqNode> brokers = new LinkedHashMap<>();
    private final Map<String, Integer> clientPorts = new HashMap<>();
    private RustMqClient client;

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        brokers.values().forEach(RustMqNode::close);
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void acknowledgedRecordsOutliveTheirLeaderAndTooFewReplicasRefuseAcksAll() throws Exception {
        int[] ports = FreePorts.take(7);
        RustMqConfig controllerConfig = config(Role.CONTROLLER, dir.resolve("c0"), Map.of(
                "controller.node_id", "c0", "controller.rpc_listen", "127.0.0.1:" + ports[0]));
        try (RustMqNode controller = RustMqNode.start(controllerConfig, Time.SYSTEM, scheduler)) {
            List<Thread> starting = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String id = "b" + i;
                clientPorts.put(id, ports[2 * i - 1]);
                RustMqConfig c = config(Role.BROKER, dir.resolve(id), Map.of("broker.id", id,
                        "network.quic_listen", "127.0.0.1:" + ports[2 * i - 1],
                        "network.rpc_listen", "127.0.0.1:" + ports[2 * i],
                        "controller.endpoints", "127.0.0.1:" + ports[0]));
                Thread t = new Thread(() -> {
                    RustMqNode node = RustMqNode.start(c, Time.SYSTEM, scheduler);
                    synchronized (brokers) {
                        brokers.put(id, node);
                    }
                });
                t.start();
                starting.add(t);
            }
            for (Thread t : starting) {
                t.join();
            }
            assertThat(brokers).hasSize(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> controller.admin().liveBrokers().size() == 3
                    && brokers.values().stream().allMatch(b -> b.health().network().up()));

            controller.admin().createTopic(new TopicSpec("orders", 1, 3, RetentionPolicy.DEFAULT,
                    CompressionType.NONE, List.of(), Map.of("min_in_sync_replicas", "2")));
            PartitionMetadata first = placement(controller);
            assertThat(first.isr()).as("a new partition starts with every replica in sync")
                    .containsExactlyInAnyOrderElementsOf(first.replicas());

            client = RustMqClient.connect("tcp://" + String.join(",", clientPorts.values().stream()
                    .map(port -> "127.0.0.1:" + port).toList()));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(RustMqClientException.class)
                    .untilAsserted(() -> produce("a", 20));
            var producer = client.initProducerIdAsync().join();
            ByteBuffer idempotent = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE,
                    new ProducerFields(producer.producerId(), producer.producerEpoch(), 0), List.of(
                            new Record(1_700_000_000_000L, null, "once".getBytes(UTF_8), List.of())));
            long once = client.produceBatchesAsync("orders", 0, Acks.ALL, 10_000, idempotent.duplicate()).join()
                    .baseOffset();
            assertThat(once).isEqualTo(20);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (RustMqNode b : brokers.values()) {
                    PartitionLog log = b.logs().orElseThrow().partitionLog(ORDERS_0);
                    assertThat(log.durableEnd()).as("every replica's WAL holds the 21 records").isEqualTo(21);
                }
            });

            brokers.remove(first.leader()).close();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                PartitionMetadata p = placement(controller);
                return p.hasLeader() && !p.leader().equals(first.leader());
            });
            PartitionMetadata second = placement(controller);
            assertThat(second.leaderEpoch()).isGreaterThan(first.leaderEpoch());
            assertThat(first.isr()).contains(second.leader());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(RustMqClientException.class)
                    .untilAsserted(() -> assertThat(values()).as("every acknowledged record, from the new leader")
                            .startsWith(expected("a", 20).toArray(String[]::new)).endsWith("once").hasSize(21));
            long retried = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> client
                    .produceBatchesAsync("orders", 0, Acks.ALL, 10_000, idempotent.duplicate()).join().baseOffset(),
                    offset -> true);
            assertThat(retried).as("the retry after the failover: the original offset").isEqualTo(once);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(RustMqClientException.class)
                    .untilAsserted(() -> produce("b", 5));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(RustMqClientException.class)
                    .untilAsserted(() -> assertThat(values()).as("the retried batch was not written again")
                            .hasSize(26));

            String follower = brokers.keySet().stream().filter(id -> !id.equals(second.leader())).findFirst()
                    .orElseThrow();
            brokers.remove(follower).close();
            RustMqNode leader = brokers.get(second.leader());
            await().atMost(Duration.ofSeconds(30)).until(() -> placement(controller).isr().size() == 1
                    && leader.replicas().orElseThrow().inSyncCount(ORDERS_0).orElse(0) == 1);
            assertThatThrownBy(() -> produce("c", 1))
                    .isInstanceOfSatisfying(RustMqClientException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(RustMqClientException.class)
                    .untilAsserted(() -> assertThat(values()).as("nothing was appended").hasSize(26));
            brokers.values().forEach(RustMqNode::close);
            brokers.clear();
        }
    }

    private static PartitionMetadata placement(RustMqNode controller) {
        return controller.topics().describe("orders").partitions().get(0);
    }

    private void produce(String tag, int count) {
        List<Record> records = IntStream.range(0, count)
                .mapToObj(i -> new Record(1_700_000_000_000L, null, (tag + i).getBytes(UTF_8), List.of())).toList();
        client.produce(new ProduceRequest("orders", 0, records, Acks.ALL, 10_000, CompressionType.NONE));
    }

    private List<String> values() {
        return client.fetch(new FetchRequest("orders", 0, 0, 1 << 20, 1_000)).records().stream()
                .map(r -> new String(r.value(), UTF_8)).toList();
    }

    private static List<String> expected(String tag, int count) {
        return IntStream.range(0, count).mapToObj(i -> tag + i).toList();
    }

    private static RustMqConfig config(Role role, Path data, Map<String, String> values) {
        Map<String, Setting> settings = new HashMap<>();
        settings.put("controller.heartbeat_interval_ms", new Setting("200", "test"));
        settings.put("controller.election_timeout_ms", new Setting(SESSION_MS, "test"));
        settings.put("replication.max_replication_lag", new Setting("1000", "test"));
        values.forEach((k, v) -> settings.put(k, new Setting(v, "test")));
        return RustMqConfig.from(settings, data, role);
    }
}
