package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed README's config files, verbatim, must load and mean what they say. */
class SeedConfigFilesTest {
    private static final Map<String, String> K8S_ENV = Map.of(
            "HOSTNAME", "rustmq-broker-0",
            "NODE_ZONE", "us-central1-a",
            "GCS_BUCKET", "my-project-rustmq-data",
            "GCP_REGION", "us-central1");

    @TempDir
    Path dataDir;

    @Test
    void readmeBrokerTomlParsesIntoItsValues() {
        Path file = ConfigFiles.seed("seed-broker.toml");
        RustMqConfig c = RustMqConfig.from(TomlConfigFile.read(file, Map.of()), dataDir, Role.BROKER);

        assertThat(c.role()).isEqualTo(Role.BROKER);
        assertThat(c.broker()).isEqualTo(new BrokerConfig("broker-001", "us-east-1a"));
        assertThat(c.network()).isEqualTo(new NetworkConfig(new HostPort("0.0.0.0", 9092),
                new HostPort("0.0.0.0", 9093), 10_000, 30_000L));
        assertThat(c.wal().path()).isEqualTo(Path.of("/dev/nvme1n1"));
        assertThat(c.wal().capacityBytes()).isEqualTo(10_737_418_240L);
        assertThat(c.wal().fsyncOnWrite()).isTrue();
        assertThat(c.wal().segmentSizeBytes()).isEqualTo(1_073_741_824L);
        assertThat(c.wal().bufferSize()).isEqualTo(65_536);
        assertThat(c.cache()).isEqualTo(new CacheConfig(1_073_741_824L, 2_147_483_648L, "Lru"));
        assertThat(c.objectStorage().type()).isEqualTo("Gcs");
        assertThat(c.objectStorage().bucket()).isEqualTo("rustmq-data");
        assertThat(c.objectStorage().region()).isEqualTo("us-central1");
        assertThat(c.objectStorage().endpoint()).isEqualTo("https://storage.googleapis.com");
        assertThat(c.objectStorage().multipartThreshold()).isEqualTo(104_857_600L);
        assertThat(c.objectStorage().maxConcurrentUploads()).isEqualTo(10);
        assertThat(c.controller().endpoints())
                .containsExactly("controller-1:9094", "controller-2:9094", "controller-3:9094");
        assertThat(c.controller().electionTimeoutMs()).isEqualTo(5_000L);
        assertThat(c.controller().heartbeatIntervalMs()).isEqualTo(1_000L);
        assertThat(c.replication()).isEqualTo(new ReplicationConfig(2, 5_000L, 1_000L));
        assertThat(c.etl()).isEqualTo(new EtlConfig(true, 67_108_864L, 5_000L, 100));
        // Keys the file leaves out keep their defaults.
        assertThat(c.controller().nodeId()).isEqualTo("broker-001");
        assertThat(c.metastore().type()).isEqualTo("infinispan");
        assertThat(c.wal().flushIntervalMs()).isEqualTo(1_000L);
    }

    @Test
    void readmeBrokerTomlSettingsRecordFileAndLine() {
        Path file = ConfigFiles.seed("seed-broker.toml");
        Map<String, Setting> settings = TomlConfigFile.read(file, Map.of());

        assertThat(settings.get("broker.id")).isEqualTo(new Setting("broker-001", file + " line 2"));
        assertThat(settings.get("wal.fsync_on_write").origin()).isEqualTo(file + " line 14");
        assertThat(settings.get("controller.endpoints").value())
                .isEqualTo("controller-1:9094,controller-2:9094,controller-3:9094");
        assertThat(settings).hasSize(30);
    }

    @Test
    void configMapBrokerTomlSubstitutesPodEnvironment() {
        Path file = ConfigFiles.seed("configmap-broker.toml");
        RustMqConfig c = RustMqConfig.from(TomlConfigFile.read(file, K8S_ENV), dataDir, Role.BROKER);

        assertThat(c.broker().id()).isEqualTo("rustmq-broker-0");
        assertThat(c.broker().rackId()).isEqualTo("us-central1-a");
        assertThat(c.network().maxConnections()).isEqualTo(10_000);
        assertThat(c.network().connectionTimeoutMs()).isEqualTo(30_000L);
        assertThat(c.wal().path()).isEqualTo(Path.of("/var/lib/rustmq/wal"));
        assertThat(c.wal().capacityBytes()).isEqualTo(10_737_418_240L);
        assertThat(c.cache().readCacheSizeBytes()).isEqualTo(2_147_483_648L);
        assertThat(c.cache().evictionPolicy()).isEqualTo("Lru");
        assertThat(c.objectStorage().type()).isEqualTo("Gcs");
        assertThat(c.objectStorage().bucket()).isEqualTo("my-project-rustmq-data");
        assertThat(c.objectStorage().region()).isEqualTo("us-central1");
        assertThat(c.controller().endpoints()).containsExactly("rustmq-controller:9094");
        assertThat(c.controller().heartbeatIntervalMs()).isEqualTo(1_000L);
        assertThat(c.replication().minInSyncReplicas()).isEqualTo(2);
        assertThat(c.replication().maxReplicationLag()).isEqualTo(1_000L);
        assertThat(c.etl().enabled()).isFalse();
    }

    @Test
    void configMapControllerTomlParses() {
        Path file = ConfigFiles.seed("configmap-controller.toml");
        Map<String, Setting> settings = TomlConfigFile.read(file, K8S_ENV);

        assertThat(settings.get("controller.node_id").value()).isEqualTo("rustmq-broker-0");
        assertThat(settings.get("raft.peers").value()).isEqualTo(
                "rustmq-controller-0@rustmq-controller-0.rustmq-controller:9095,"
                        + "rustmq-controller-1@rustmq-controller-1.rustmq-controller:9095,"
                        + "rustmq-controller-2@rustmq-controller-2.rustmq-controller:9095");
        assertThat(settings.get("metastore.type")).isEqualTo(new Setting("etcd", file + " line 15"));
        assertThat(settings.get("metastore.endpoints").value()).isEqualTo("etcd:2379");
    }

    @Test
    void configMapControllerTomlStartsAsWrittenWithEtcd() {
        Path file = ConfigFiles.seed("configmap-controller.toml");
        Map<String, Setting> settings = TomlConfigFile.read(file, Map.of("HOSTNAME", "rustmq-controller-0"));

        RustMqConfig c = RustMqConfig.from(settings, dataDir, Role.CONTROLLER);

        // etcd is accepted so the seed's file starts; metadata still lives in the controllers' Infinispan.
        assertThat(c.metastore().type()).isEqualTo("etcd");
        assertThat(c.metastore().path()).isEqualTo(dataDir.toAbsolutePath().normalize().resolve("controller").resolve("metadata"));
        assertThat(c.raft().voters()).isEqualTo(3);
        assertThat(c.raft().replicated()).isTrue();
        assertThat(EtcdNotice.message(List.of("etcd:2379")))
                .contains("not in etcd", "[metastore] endpoints [etcd:2379] is not used", "type = \"infinispan\"");
    }

    @Test
    void configMapControllerTomlWithInfinispanBuildsFully() throws IOException {
        String text = Files.readString(ConfigFiles.seed("configmap-controller.toml"));
        assertThat(text).contains("type = \"etcd\"");
        Path file = ConfigFiles.write(dataDir, "controller.toml", text.replace("type = \"etcd\"", "type = \"infinispan\""));
        Map<String, String> env = Map.of("HOSTNAME", "rustmq-controller-1");

        RustMqConfig c = RustMqConfig.from(TomlConfigFile.read(file, env), dataDir, Role.CONTROLLER);

        assertThat(c.role()).isEqualTo(Role.CONTROLLER);
        assertThat(c.controller().nodeId()).isEqualTo("rustmq-controller-1");
        assertThat(c.controller().raftListen()).isEqualTo(new HostPort("0.0.0.0", 9095));
        assertThat(c.controller().rpcListen()).isEqualTo(new HostPort("0.0.0.0", 9094));
        assertThat(c.controller().httpListen()).isEqualTo(new HostPort("0.0.0.0", 9642));
        assertThat(c.raft().peers()).containsExactly(
                "rustmq-controller-0@rustmq-controller-0.rustmq-controller:9095",
                "rustmq-controller-1@rustmq-controller-1.rustmq-controller:9095",
                "rustmq-controller-2@rustmq-controller-2.rustmq-controller:9095");
        assertThat(c.metastore()).isEqualTo(new MetastoreConfig("infinispan",
                dataDir.toAbsolutePath().normalize().resolve("controller").resolve("metadata")));
        assertThat(c.autobalancer()).isEqualTo(new AutobalancerConfig(true, 0.80, 0.75, 300L, 5));
    }

    @Test
    void bothConfigMapFilesLoadTogetherForACombinedNode() throws IOException {
        String controllerToml = Files.readString(ConfigFiles.seed("configmap-controller.toml"))
                .replace("type = \"etcd\"", "type = \"infinispan\"");
        Path controllerFile = ConfigFiles.write(dataDir, "controller.toml", controllerToml);
        Map<String, Setting> settings = ConfigLoader.load(
                List.of(ConfigFiles.seed("configmap-broker.toml"), controllerFile), K8S_ENV);

        RustMqConfig c = RustMqConfig.from(settings, dataDir, Role.COMBINED);

        // [controller] appears in both files; their keys merge.
        assertThat(c.controller().endpoints()).containsExactly("rustmq-controller:9094");
        assertThat(c.controller().electionTimeoutMs()).isEqualTo(5_000L);
        assertThat(c.controller().nodeId()).isEqualTo("rustmq-broker-0");
        assertThat(c.controller().rpcListen()).isEqualTo(new HostPort("0.0.0.0", 9094));
        assertThat(c.objectStorage().bucket()).isEqualTo("my-project-rustmq-data");
        assertThat(c.autobalancer().enabled()).isTrue();
    }
}
