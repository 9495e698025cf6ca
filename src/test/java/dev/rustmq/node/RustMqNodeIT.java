package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.Time;
import dev.rustmq.config.ConfigException;
import dev.rustmq.config.Role;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.config.Setting;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.CountDownLatch;

class RustMqNodeIT {
    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Every default but a free client port, so tests never bind 9092. */
    private static RustMqConfig defaults(Path dataDir) {
        return RustMqConfig.from(Map.of("network.quic_listen", new Setting("127.0.0.1:" + TestNode.freePort(), "test")),
                dataDir, Role.COMBINED);
    }


    private RustMqConfig config(Role role, Map<String, String> values) {
        Map<String, Setting> settings = new HashMap<>();
        settings.put("network.quic_listen", new Setting("127.0.0.1:" + TestNode.freePort(), "test"));
        settings.put("controller.rpc_listen", new Setting("127.0.0.1:" + TestNode.freePort(), "test"));
        settings.put("network.rpc_listen", new Setting("127.0.0.1:" + TestNode.freePort(), "test"));
        values.forEach((k, v) -> settings.put(k, new Setting(v, "test")));
        return RustMqConfig.from(settings, dir, role);
    }

    private RustMqNode startInMemory(RustMqConfig config, Time time) {
        return RustMqNode.start(config, time, scheduler, c -> new MemoryMetadataStore());
    }

    @Test
    void embeddedNodeRegistersBrokerZeroAndHeartbeats() {
        RustMqConfig config = config(Role.COMBINED, Map.of("controller.heartbeat_interval_ms", "20"));

        try (RustMqNode node = RustMqNode.start(config, Time.SYSTEM, scheduler)) {
            BrokerMetadata registered = node.metadataStore().broker("0").orElseThrow();
            assertThat(registered.quicEndpoint()).isEqualTo(config.network().quicListen().toString());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> node.health().network().up());
            assertThat(node.health().network().data())
                    .containsEntry("tcp_bound", config.network().quicListen().toString());
            assertThat(registered.rpcEndpoint()).isEqualTo(config.network().rpcListen().toString());
            assertThat(registered.rackId()).isEqualTo("default");
            assertThat(node.stats().brokerCount()).isEqualTo(1);
            assertThat(node.stats().liveBrokerCount()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    node.metadataStore().broker("0").orElseThrow().lastHeartbeatMs() > registered.lastHeartbeatMs());
            assertThat(node.metadataStore().broker("0").orElseThrow().registeredAtMs())
                    .isEqualTo(registered.registeredAtMs());

            assertThat(node.health().metadataStore().up()).isTrue();
            assertThat(node.health().metadataStore().data())
                    .containsEntry("cluster_id", node.metadataStore().clusterId())
                    .containsEntry("path", dir.resolve("controller/metadata").toString());
            assertThat(node.health().dataDirectories().up()).isTrue();
            assertThat(node.health().dataDirectories().data()).containsOnlyKeys("[wal] path", "[object_storage] path",
                    "[metastore] path");
            assertThat(node.health().heartbeats().up()).isTrue();
            assertThat(node.health().heartbeats().data()).containsEntry("scheduled", "true");
        }
        assertThat(dir.resolve("broker/wal")).isDirectory();
        assertThat(dir.resolve("objects")).isDirectory();
        assertThat(dir.resolve("controller/metadata")).isDirectory();
    }

    @Test
    void restartKeepsTopicsAndRegistration() {
        MockTime time = new MockTime();
        RustMqConfig config = defaults(dir);
        long firstRegistration;
        try (RustMqNode node = RustMqNode.start(config, time, scheduler)) {
            node.topics().create(new TopicSpec("orders", 3, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(),
                    Map.of()));
            firstRegistration = node.metadataStore().broker("0").orElseThrow().registeredAtMs();
        }
        time.sleep(60_000);

        try (RustMqNode node = RustMqNode.start(config, time, scheduler)) {
            assertThat(node.stats().topicCount()).isEqualTo(1);
            assertThat(node.stats().partitionCount()).isEqualTo(3);
            assertThat(node.topics().describe("orders").partitions()).hasSize(3);
            BrokerMetadata broker = node.metadataStore().broker("0").orElseThrow();
            assertThat(broker.registeredAtMs()).isEqualTo(firstRegistration);
            assertThat(broker.lastHeartbeatMs()).isEqualTo(time.milliseconds());
        }
    }

    @Test
    void closedNodeReportsDown() {
        RustMqNode node = RustMqNode.start(defaults(dir), Time.SYSTEM, scheduler);
        node.close();

        assertThat(node.health().metadataStore().up()).isFalse();
        assertThat(node.health().heartbeats().up()).isFalse();
        assertThat(node.health().heartbeats().data()).containsEntry("scheduled", "false");
    }

    @Test
    void heartbeatCheckFailsWhenHeartbeatsStopWithinTheSessionTimeout() throws Exception {
        MockTime time = new MockTime();
        RustMqConfig config = config(Role.COMBINED, Map.of("controller.heartbeat_interval_ms", "1000",
                "controller.election_timeout_ms", "5000"));
        try (RustMqNode node = startInMemory(config, time)) {
            // The scheduler's only thread is stuck: heartbeats fall due on the clock but never run.
            CountDownLatch release = new CountDownLatch(1);
            scheduler.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                time.sleep(4_999);
                assertThat(node.health().heartbeats().up()).isTrue();
                assertThat(node.stats().liveBrokerCount()).isEqualTo(1);

                time.sleep(1);
                assertThat(node.health().heartbeats().up()).isFalse();
                assertThat(node.health().heartbeats().data()).containsEntry("last_heartbeat_age_ms", "5000")
                        .containsEntry("scheduled", "true");
                assertThat(node.stats().liveBrokerCount()).isZero();
                assertThat(node.brokers().isLive(node.brokers().brokers().get(0))).isFalse();
            } finally {
                release.countDown();
            }
            // Once the scheduler runs again, so do the heartbeats.
            await().atMost(Duration.ofSeconds(30)).until(() -> node.health().heartbeats().up());
        }
    }

    @Test
    void uptimeFollowsTheMonotonicClock() {
        MockTime time = new MockTime();
        try (RustMqNode node = startInMemory(defaults(dir), time)) {
            assertThat(node.stats().uptimeSeconds()).isZero();
            time.sleep(5_999);
            assertThat(node.stats().uptimeSeconds()).isEqualTo(5);
        }
    }

    @Test
    void controllerRoleRunsNoBroker() {
        try (RustMqNode node = startInMemory(config(Role.CONTROLLER, Map.of()), Time.SYSTEM)) {
            assertThat(node.stats().brokerCount()).isZero();
            assertThat(node.health().heartbeats()).isEqualTo(new CheckResult("broker-heartbeat", true,
                    Map.of("role", "controller")));
            assertThat(node.health().dataDirectories().data()).containsOnlyKeys("[metastore] path");
        }
        assertThat(dir.resolve("controller/metadata")).isDirectory();
        assertThat(dir.resolve("broker")).doesNotExist();
        assertThat(dir.resolve("objects")).doesNotExist();
    }

    @Test
    void walFolderThatCannotBeCreatedStopsStartUp() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        RustMqConfig config = defaults(file);
        AtomicInteger storesOpened = new AtomicInteger();

        assertThatThrownBy(() -> RustMqNode.start(config, Time.SYSTEM, scheduler, c -> {
            storesOpened.incrementAndGet();
            return new MemoryMetadataStore();
        }))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [wal] path: cannot create folder " + file.resolve("broker/wal"));
        assertThat(storesOpened).hasValue(0);
    }

    @Test
    void metastoreFolderThatCannotBeCreatedNamesItsKey() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        RustMqConfig config = config(Role.CONTROLLER, Map.of("metastore.path", file.resolve("meta").toString()));

        assertThatThrownBy(() -> startInMemory(config, Time.SYSTEM))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [metastore] path: cannot create folder");
    }

    @Test
    void dataDirectoryCheckFailsWhenAFolderDisappears() throws IOException {
        try (RustMqNode node = startInMemory(defaults(dir), Time.SYSTEM)) {
            // The local object store keeps a staging folder inside: remove the whole tree.
            try (var paths = Files.walk(dir.resolve("objects"))) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }

            CheckResult check = node.health().dataDirectories();

            assertThat(check.up()).isFalse();
            assertThat(check.data().get("[object_storage] path")).startsWith(dir.resolve("objects") + ": ");
            assertThat(check.data().get("[wal] path")).isEqualTo(dir.resolve("broker/wal").toString());
        }
    }

    @Test
    void countsFollowTheMetadata() {
        try (RustMqNode node = startInMemory(defaults(dir), Time.SYSTEM)) {
            node.topics().create(new TopicSpec("a", 2, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));
            node.topics().create(new TopicSpec("b", 5, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of()));

            assertThat(node.stats().topicCount()).isEqualTo(2);
            assertThat(node.stats().partitionCount()).isEqualTo(7);
            assertThat(node.config().role()).isEqualTo(Role.COMBINED);
        }
    }
}
