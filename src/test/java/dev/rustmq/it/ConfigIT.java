package dev.rustmq.it;

import dev.rustmq.testing.TestNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A config file reaches the running node, and a broken one stops the server with the key named. */
class ConfigIT {
    /** StartupFailure's exit status (EX_CONFIG). */
    private static final int EXIT_CONFIG = 78;

    @Test
    void aBadValueStopsTheServerNamingKeyAndFile() throws Exception {
        LibertyServer server = LibertyServer.create("bad-value");
        Path config = Files.writeString(server.home().resolve("broker.toml"),
                "[broker]\nid = \"b1\"\n\n[wal]\nfsync_on_write = \"yes\"\n");
        assertThat(consoleOfFailedStart(server, config))
                .contains("RustMQ cannot start, configuration error: Invalid value for [wal] fsync_on_write (from "
                        + config + " line 5): expected true or false");
    }

    @Test
    void anUnknownKeyStopsTheServerWithAHint() throws Exception {
        LibertyServer server = LibertyServer.create("unknown-key");
        Path config = Files.writeString(server.home().resolve("broker.toml"), "[wal]\nfsync_on_wrte = true\n");
        assertThat(consoleOfFailedStart(server, config))
                .contains("Unknown key [wal] fsync_on_wrte in " + config + " line 2 (did you mean fsync_on_write?)");
    }

    /** Starts the server on {@code config}, expects it to exit with EX_CONFIG, and returns its console. */
    private static String consoleOfFailedStart(LibertyServer server, Path config) throws Exception {
        server.env("RUSTMQ_CONFIG", config.toString()).launch();
        try {
            assertThat(server.awaitExit(Duration.ofSeconds(120))).isEqualTo(EXIT_CONFIG);
        } finally {
            server.kill();
        }
        return server.consoleText();
    }

    @Test
    void theFileAndEnvironmentOverridesReachTheNode() throws Exception {
        LibertyServer server = LibertyServer.create("good-config").dataPortFromConfig();
        int dataPort = TestNode.freePort();
        Path config = Files.writeString(server.home().resolve("broker.toml"), """
                [broker]
                id = "${POD_NAME}"
                rack_id = "rack-from-file"

                [network]
                quic_listen = "127.0.0.1:%d"

                [controller]
                heartbeat_interval_ms = 200
                election_timeout_ms = 3000
                """.formatted(dataPort));
        server.env("RUSTMQ_CONFIG", config.toString())
                .env("POD_NAME", "rustmq-broker-7")
                .env("RUSTMQ_RACK_ID", "rack-from-env");
        try {
            server.start();
            JsonNode broker = Json.parse(server.get("/api/v1/brokers")).get("brokers").get(0);
            assertThat(broker.get("id").asText()).isEqualTo("rustmq-broker-7");
            assertThat(broker.get("rack_id").asText()).isEqualTo("rack-from-env");
            assertThat(broker.get("quic_endpoint").asText()).isEqualTo("127.0.0.1:" + dataPort);
        } finally {
            server.stop();
        }
    }
}
