package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustmq.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's command lines: {@code bin/rustmq-broker --config FILE}, {@code bin/rustmq-controller --config FILE}. */
class BinScriptsIT {
    private static final Path BIN = Path.of(System.getProperty("rustmq.it.project.dir", ".")).resolve("bin");

    @TempDir
    Path work;

    @Test
    void brokerScriptStartsANodeFromItsConfigFile() throws Exception {
        int[] ports = FreePorts.take(2);
        int port = ports[0];
        int dataPort = ports[1];
        Path config = Files.writeString(work.resolve("broker.toml"), """
                [broker]
                id = "script-broker"
                rack_id = "rack-9"

                [network]
                quic_listen = "127.0.0.1:%d"

                [controller]
                http_listen = "127.0.0.1:%d"
                """.formatted(dataPort, port));
        Process process = start(List.of(BIN.resolve("rustmq-broker").toString(), "--config", "broker.toml"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI brokers = URI.create("http://127.0.0.1:" + port + "/api/v1/brokers");
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("rustmq-broker exited; output:\n" + output());
                }
                try {
                    return http.send(HttpRequest.newBuilder(brokers).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(brokers).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode broker = Json.parse(response).get("brokers").get(0);
            assertThat(broker.get("id").asText()).isEqualTo("script-broker");
            assertThat(broker.get("rack_id").asText()).isEqualTo("rack-9");
            assertThat(work.resolve("data/broker/wal")).isDirectory();
            assertThat(work.resolve("data/controller/metadata")).isDirectory();
            assertThat(work.resolve("data/liberty/broker/rustmq/logs/messages.log")).exists();
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void scriptsRejectBadArgumentsWithAUsableMessage() throws Exception {
        Process missing = start(List.of(BIN.resolve("rustmq-controller").toString(), "--config", "nope.toml"));
        assertThat(missing.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isEqualTo(66);
        assertThat(output()).contains("config file 'nope.toml' does not exist");

        Process unknown = start(List.of(BIN.resolve("rustmq-broker").toString(), "--cofnig", "x"));
        assertThat(unknown.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(64);
        assertThat(output()).contains("unknown argument '--cofnig'").contains("usage: rustmq-broker");
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("output.log").toFile()));
        pb.environment().put("WLP_HOME", System.getProperty("rustmq.it.wlp.dir"));
        pb.environment().put("JVM_ARGS", LibertyServer.TEST_JVM_ARGS);
        return pb.start();
    }

    private String output() throws IOException {
        Path log = work.resolve("output.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
