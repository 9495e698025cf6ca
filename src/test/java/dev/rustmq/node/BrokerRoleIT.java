package dev.rustmq.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.common.Time;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code controller} node and a {@code broker} node in one JVM, talking over the controller's
 * RPC port on 127.0.0.1 (docs/cluster.md, "Brokers"): the broker registers and heartbeats, admin
 * changes made through the broker reach the controller, clients produce and fetch through the
 * broker, and when the broker stops its partitions go offline and come back with it.
 */
class BrokerRoleIT {
    private static final String HEARTBEAT_MS = "200";
    private static final String SESSION_MS = "1500";

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aBrokerServesTopicsOfARemoteControllerAndItsPartitionsFollowItsLiveness() throws Exception {
        int[] ports = FreePorts.take(3);
        RustMqConfig controllerConfig = config(Role.CONTROLLER, dir.resolve("c0"), Map.of(
                "controller.node_id", "c0", "controller.rpc_listen", "127.0.0.1:" + ports[0]));
        RustMqConfig brokerConfig = config(Role.BROKER, dir.resolve("b1"), Map.of(
                "broker.id", "b1", "network.quic_listen", "127.0.0.1:" + ports[1],
                "network.rpc_listen", "127.0.0.1:" + ports[2],
                "controller.endpoints", "127.0.0.1:" + ports[0]));

        try (RustMqNode controller = RustMqNode.start(controllerConfig, Time.SYSTEM, scheduler)) {
            RustMqNode broker = RustMqNode.start(brokerConfig, Time.SYSTEM, scheduler);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> broker.health().metadataStore().up()
                        && controller.admin().liveBrokers().stream().map(BrokerMetadata::id).toList().contains("b1"));
                assertThat(broker.health().metadataStore().data()).containsEntry("active_controller",
                        "c0 at 127.0.0.1:" + ports[0]);
                assertThat(controller.health().network().data()).containsEntry("rpc_bound", "127.0.0.1:" + ports[0]);

                broker.admin().createTopic(new TopicSpec("orders", 2, 1, RetentionPolicy.DEFAULT, CompressionType.NONE,
                        List.of(), Map.of()));
                assertThat(controller.topics().describe("orders").partitions()).extracting(PartitionMetadata::leader)
                        .containsExactly("b1", "b1");
                assertThat(broker.stats().topicCount()).isEqualTo(1);

                try (RustMqClient client = RustMqClient.connect("tcp://127.0.0.1:" + ports[1])) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> broker.health().network().up());
                    client.produce(new ProduceRequest("orders", 1, List.of(record("a"), record("b")), Acks.ALL, 5_000,
                            CompressionType.NONE));
                    List<ConsumedRecord> fetched = client.fetch(new FetchRequest("orders", 1, 0, 1 << 20, 5_000))
                            .records();
                    assertThat(fetched).extracting(r -> new String(r.value(), UTF_8)).containsExactly("a", "b");
                }
            } finally {
                broker.close();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> controller.topics().describe("orders").partitions()
                    .stream().noneMatch(PartitionMetadata::hasLeader));

            try (RustMqNode restarted = RustMqNode.start(brokerConfig, Time.SYSTEM, scheduler)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> controller.topics().describe("orders").partitions()
                        .stream().allMatch(p -> p.leader().equals("b1") && p.leaderEpoch() == 2));
                try (RustMqClient client = RustMqClient.connect("tcp://127.0.0.1:" + ports[1])) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> restarted.health().network().up());
                    assertThat(client.fetch(new FetchRequest("orders", 1, 0, 1 << 20, 5_000)).records())
                            .extracting(r -> new String(r.value(), UTF_8)).containsExactly("a", "b");
                }
            }
        }
    }

    private static Record record(String value) {
        return new Record(1_700_000_000_000L, null, value.getBytes(UTF_8), List.of());
    }

    private static RustMqConfig config(Role role, Path data, Map<String, String> values) {
        Map<String, Setting> settings = new HashMap<>();
        settings.put("controller.heartbeat_interval_ms", new Setting(HEARTBEAT_MS, "test"));
        settings.put("controller.election_timeout_ms", new Setting(SESSION_MS, "test"));
        values.forEach((k, v) -> settings.put(k, new Setting(v, "test")));
        return RustMqConfig.from(settings, data, role);
    }
}
