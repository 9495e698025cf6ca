package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RUSTMQ_*} environment variables: the generic names and the seed README's aliases. */
class EnvironmentOverridesTest {
    @TempDir
    Path dir;

    private RustMqConfig build(Map<String, String> env) {
        return RustMqConfig.from(EnvironmentOverrides.read(env), dir, Role.COMBINED);
    }

    @Test
    void everyKeyHasAGenericName() {
        assertThat(ConfigSchema.get("wal.fsync_on_write").envName()).isEqualTo("RUSTMQ_WAL_FSYNC_ON_WRITE");
        assertThat(ConfigSchema.get("object_storage.multipart_threshold").envName())
                .isEqualTo("RUSTMQ_OBJECT_STORAGE_MULTIPART_THRESHOLD");
        assertThat(ConfigSchema.keys()).extracting(ConfigKey::envName).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(EnvironmentOverrides.SEED_ALIASES.keySet());
    }

    @Test
    void genericNamesOverrideTheirKeys() {
        Map<String, Setting> s = EnvironmentOverrides.read(Map.of(
                "RUSTMQ_WAL_FSYNC_ON_WRITE", "false",
                "RUSTMQ_BROKER_ID", "broker-001",
                "RUSTMQ_WAL_PATH", "/var/lib/rustmq/wal",
                "RUSTMQ_AUTOBALANCER_CPU_THRESHOLD", "0.5"));

        assertThat(s).containsOnlyKeys("wal.fsync_on_write", "broker.id", "wal.path", "autobalancer.cpu_threshold");
        assertThat(s.get("wal.fsync_on_write"))
                .isEqualTo(new Setting("false", "environment variable RUSTMQ_WAL_FSYNC_ON_WRITE"));

        RustMqConfig c = RustMqConfig.from(s, dir, Role.COMBINED);
        assertThat(c.wal().fsyncOnWrite()).isFalse();
        assertThat(c.broker().id()).isEqualTo("broker-001");
        assertThat(c.wal().path()).isEqualTo(Path.of("/var/lib/rustmq/wal"));
        assertThat(c.autobalancer().cpuThreshold()).isEqualTo(0.5);
    }

    @Test
    void seedAliasesOverrideTheirKeys() {
        RustMqConfig c = build(Map.of(
                "RUSTMQ_RACK_ID", "us-east-1a",
                "RUSTMQ_STORAGE_BUCKET", "rustmq-data",
                "RUSTMQ_STORAGE_REGION", "us-central1",
                "RUSTMQ_CACHE_SIZE", "2147483648",
                "RUSTMQ_MAX_CONNECTIONS", "12345"));

        assertThat(c.broker().rackId()).isEqualTo("us-east-1a");
        assertThat(c.objectStorage().bucket()).isEqualTo("rustmq-data");
        assertThat(c.objectStorage().region()).isEqualTo("us-central1");
        assertThat(c.cache().readCacheSizeBytes()).isEqualTo(2_147_483_648L);
        assertThat(c.network().maxConnections()).isEqualTo(12_345);
    }

    @Test
    void aliasSettingRecordsTheAliasAsItsOrigin() {
        assertThat(EnvironmentOverrides.read(Map.of("RUSTMQ_RACK_ID", "r1")))
                .containsExactly(Map.entry("broker.rack_id", new Setting("r1", "environment variable RUSTMQ_RACK_ID")));
    }

    @Test
    void genericNameWinsOverAlias() {
        Map<String, Setting> s = EnvironmentOverrides.read(Map.of(
                "RUSTMQ_RACK_ID", "from-alias",
                "RUSTMQ_BROKER_RACK_ID", "from-generic",
                "RUSTMQ_MAX_CONNECTIONS", "1",
                "RUSTMQ_NETWORK_MAX_CONNECTIONS", "2"));

        assertThat(s.get("broker.rack_id"))
                .isEqualTo(new Setting("from-generic", "environment variable RUSTMQ_BROKER_RACK_ID"));
        assertThat(s.get("network.max_connections").value()).isEqualTo("2");
    }

    @Test
    void listsAreReadCommaSeparated() {
        RustMqConfig c = build(Map.of("RUSTMQ_CONTROLLER_ENDPOINTS", "c1:9094, c2:9094,c3:9094"));
        assertThat(c.controller().endpoints()).containsExactly("c1:9094", "c2:9094", "c3:9094");
    }

    @Test
    void listsAreReadInTomlForm() {
        RustMqConfig c = build(Map.of(
                "RUSTMQ_CONTROLLER_ENDPOINTS", "[\"c1:9094\", \"c2:9094\"]",
                "RUSTMQ_RAFT_PEERS", "['a@h1:9095','b@h2:9095']"));
        assertThat(c.controller().endpoints()).containsExactly("c1:9094", "c2:9094");
        assertThat(c.raft().peers()).containsExactly("a@h1:9095", "b@h2:9095");
    }

    @Test
    void emptyListFromEnvironmentClearsTheDefault() {
        assertThat(build(Map.of("RUSTMQ_CONTROLLER_ENDPOINTS", "[]")).controller().endpoints()).isEmpty();
    }

    @Test
    void valuesAreTrimmed() {
        assertThat(build(Map.of("RUSTMQ_WAL_BUFFER_SIZE", " 4096 ")).wal().bufferSize()).isEqualTo(4096);
    }

    @Test
    void badValueNamesTheEnvironmentVariable() {
        assertThatThrownBy(() -> build(Map.of("RUSTMQ_WAL_FSYNC_ON_WRITE", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [wal] fsync_on_write (from environment variable "
                        + "RUSTMQ_WAL_FSYNC_ON_WRITE): expected true or false, got \"yes\"");
    }

    @Test
    void badAliasValueNamesTheAlias() {
        assertThatThrownBy(() -> build(Map.of("RUSTMQ_CACHE_SIZE", "2GB")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for [cache] read_cache_size_bytes (from environment variable "
                        + "RUSTMQ_CACHE_SIZE): expected an integer, got \"2GB\"");
    }

    @Test
    void outOfRangeEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> build(Map.of("RUSTMQ_MAX_CONNECTIONS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [network] max_connections (from environment variable "
                        + "RUSTMQ_MAX_CONNECTIONS): 0 is out of range");
    }

    @Test
    void otherVariablesAreIgnored() {
        // The seed lists RUSTMQ_LOG_LEVEL and RUSTMQ_BATCH_SIZE, which are not config keys.
        assertThat(EnvironmentOverrides.read(Map.of(
                "PATH", "/usr/bin",
                "HOSTNAME", "pod-0",
                "RUSTMQ_LOG_LEVEL", "info",
                "RUSTMQ_BATCH_SIZE", "1000",
                "RUSTMQ_CONFIG", "/etc/rustmq/broker.toml",
                "rustmq_wal_path", "/lower/case"))).isEmpty();
    }
}
