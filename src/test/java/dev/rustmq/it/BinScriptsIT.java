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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's command lines: {@code bin/rustmq-controller --config FILE} and {@code bin/rustmq-broker
 * --config FILE} start a controller and a broker that registers with it.
 */
class BinScriptsIT {
    private static final Path BIN = Path.of(System.getProperty("rustmq.it.project.dir", ".")).resolve("bin");

    @TempDir
    Path work;

    @Test
    void controllerAndBrokerScriptsStartAClusterFromTheirConfigFiles() throws Exception {
        int[] ports = FreePorts.take(5);
        int controllerAdmin = ports[0];
        int controllerRpc = ports[1];
        int brokerAdmin = ports[2];
        int brokerData = ports[3];
        Files.writeString(work.resolve("controller.toml"), """
                [controller]
                node_id = "script-controller"
                rpc_listen = "127.0.0.1:%d"
                http_listen = "127.0.0.1:%d"
                """.formatted(controllerRpc, controllerAdmin));
        Files.writeString(work.resolve("broker.toml"), """
                [broker]
                id = "script-broker"
                rack_id = "rack-9"

                [network]
                quic_listen = "127.0.0.1:%d"
                rpc_listen = "127.0.0.1:%d"

                [controller]
                endpoints = ["127.0.0.1:%d"]
                """.formatted(brokerData, ports[4], controllerRpc));
        Process controller = start(List.of(BIN.resolve("rustmq-controller").toString(), "--config", "controller.toml"),
                Map.of());
        Process broker = start(List.of(BIN.resolve("rustmq-broker").toString(), "--config", "broker.toml"),
                Map.of("RUSTMQ_ADMIN_PORT", Integer.toString(brokerAdmin)));
        try {
            for (int admin : new int[] {brokerAdmin, controllerAdmin}) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                    if (!controller.isAlive() || !broker.isAlive()) {
                        throw new AssertionError("a script exited; output:\n" + output());
                    }
                    JsonNode brokers = brokers(admin);
                    return brokers != null && brokers.size() == 1
                            && brokers.get(0).get("status").asText().equals("online");
                });
                JsonNode registered = brokers(admin).get(0);
                assertThat(registered.get("id").asText()).isEqualTo("script-broker");
                assertThat(registered.get("rack_id").asText()).isEqualTo("rack-9");
                assertThat(registered.get("quic_endpoint").asText()).isEqualTo("127.0.0.1:" + brokerData);
            }
            assertThat(work.resolve("data/broker/wal")).isDirectory();
            assertThat(work.resolve("data/controller/metadata")).isDirectory();
            assertThat(work.resolve("data/liberty/broker/rustmq/logs/messages.log")).exists();
            assertThat(work.resolve("data/liberty/controller/rustmq/logs/messages.log")).exists();
            assertThat(output()).contains("rustmq-broker: role=broker").contains("rustmq-controller: role=controller");
        } finally {
            for (Process p : List.of(broker, controller)) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** The {@code brokers} of {@code /api/v1/brokers} on an admin port; null while it does not answer. */
    private static JsonNode brokers(int adminPort) throws InterruptedException {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/api/v1/brokers")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.parse(response).get("brokers") : null;
        } catch (IOException e) {
            return null;
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
        return start(command, Map.of());
    }

    private Process start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("output.log").toFile()));
        pb.environment().put("WLP_HOME", System.getProperty("rustmq.it.wlp.dir"));
        pb.environment().put("JVM_ARGS", LibertyServer.TEST_JVM_ARGS);
        pb.environment().putAll(env);
        return pb.start();
    }

    private String output() throws IOException {
        Path log = work.resolve("output.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
