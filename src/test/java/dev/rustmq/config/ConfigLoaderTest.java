package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging several files and the environment: later files win, the environment wins over all. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void environmentBeatsFile() {
        Path file = ConfigFiles.write(dir, "broker.toml", "[network]\nmax_connections = 100\n[broker]\nid = \"b1\"\n");
        Map<String, Setting> s = ConfigLoader.load(List.of(file),
                Map.of("RUSTMQ_NETWORK_MAX_CONNECTIONS", "200", "RUSTMQ_MAX_CONNECTIONS", "300"));

        assertThat(s.get("network.max_connections"))
                .isEqualTo(new Setting("200", "environment variable RUSTMQ_NETWORK_MAX_CONNECTIONS"));
        assertThat(s.get("broker.id")).isEqualTo(new Setting("b1", file + " line 4"));
    }

    @Test
    void aliasAloneAlsoBeatsFile() {
        Path file = ConfigFiles.write(dir, "broker.toml", "[object_storage]\ntype = \"S3\"\nbucket = \"from-file\"\n");
        RustMqConfig c = RustMqConfig.from(ConfigLoader.load(List.of(file), Map.of("RUSTMQ_STORAGE_BUCKET", "from-env")),
                dir, Role.COMBINED);
        assertThat(c.objectStorage().bucket()).isEqualTo("from-env");
        assertThat(c.objectStorage().type()).isEqualTo("S3");
    }

    @Test
    void laterFileWinsKeyByKey() {
        Path first = ConfigFiles.write(dir, "base.toml", """
                [wal]
                buffer_size = 4096
                fsync_on_write = false
                [broker]
                id = "base"
                """);
        Path second = ConfigFiles.write(dir, "override.toml", """
                [wal]
                buffer_size = 8192
                """);
        Map<String, Setting> s = ConfigLoader.load(List.of(first, second), Map.of());

        assertThat(s.get("wal.buffer_size")).isEqualTo(new Setting("8192", second + " line 2"));
        assertThat(s.get("wal.fsync_on_write")).isEqualTo(new Setting("false", first + " line 3"));
        assertThat(s.get("broker.id").value()).isEqualTo("base");

        Map<String, Setting> reversed = ConfigLoader.load(List.of(second, first), Map.of());
        assertThat(reversed.get("wal.buffer_size").value()).isEqualTo("4096");
    }

    @Test
    void variablesInFilesComeFromTheSameEnvironment() {
        Path file = ConfigFiles.write(dir, "broker.toml", "[broker]\nid = \"${HOSTNAME}\"\n");
        assertThat(ConfigLoader.load(List.of(file), Map.of("HOSTNAME", "pod-3")).get("broker.id").value())
                .isEqualTo("pod-3");
    }

    @Test
    void errorInAnyFileStopsLoading() {
        Path good = ConfigFiles.write(dir, "good.toml", "[broker]\nid = \"b1\"\n");
        Path bad = ConfigFiles.write(dir, "bad.toml", "[brokr]\nid = \"b1\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(good, bad), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown section [brokr] in " + bad + " line 1");
    }

    @Test
    void noFilesMeansEnvironmentOnly() {
        assertThat(ConfigLoader.load(List.of(), Map.of("RUSTMQ_BROKER_ID", "7")))
                .containsExactly(Map.entry("broker.id", new Setting("7", "environment variable RUSTMQ_BROKER_ID")));
    }

    @Test
    void configSpecNamesOneOrSeveralFiles() {
        assertThat(ConfigLoader.filesFrom(null)).isEmpty();
        assertThat(ConfigLoader.filesFrom("  ")).isEmpty();
        assertThat(ConfigLoader.filesFrom("config/broker.toml")).containsExactly(Path.of("config/broker.toml"));
        assertThat(ConfigLoader.filesFrom(" config/broker.toml , config/controller.toml,"))
                .containsExactly(Path.of("config/broker.toml"), Path.of("config/controller.toml"));
    }
}
