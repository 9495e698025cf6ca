package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustmq.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three combined nodes as real Liberty processes on 127.0.0.1 whose controllers replicate the
 * metadata (docs/cluster.md): they agree on one active controller, a standby redirects admin
 * writes to it, and when the active one is SIGKILLed another takes over and changes resume.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedControllersIT {
    private static final HttpClient FOLLOWING = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<LibertyServer> NODES = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() throws Exception {
        int[] raftPorts = FreePorts.takeWithNext(3);
        int[] rpcPorts = FreePorts.take(3); // replicated controllers open their RPC port for brokers
        int[] replicaPorts = FreePorts.take(3); // and their brokers the inter-broker port for followers
        String peers = IntStream.range(0, 3).mapToObj(i -> "c" + i + "@127.0.0.1:" + raftPorts[i])
                .collect(Collectors.joining(","));
        for (int i = 0; i < 3; i++) {
            NODES.add(LibertyServer.create("controller-" + i)
                    .env("RUSTMQ_ROLE", "combined")
                    .env("RUSTMQ_BROKER_ID", "b" + i)
                    .env("RUSTMQ_CONTROLLER_NODE_ID", "c" + i)
                    .env("RUSTMQ_CONTROLLER_RAFT_LISTEN", "127.0.0.1:" + raftPorts[i])
                    .env("RUSTMQ_CONTROLLER_RPC_LISTEN", "127.0.0.1:" + rpcPorts[i])
                    .env("RUSTMQ_NETWORK_RPC_LISTEN", "127.0.0.1:" + replicaPorts[i])
                    .env("RUSTMQ_RAFT_PEERS", peers)
                    .env("RUSTMQ_CONTROLLER_ELECTION_TIMEOUT_MS", "3000")
                    .env("RUSTMQ_CONTROLLER_HEARTBEAT_INTERVAL_MS", "500"));
        }
        for (LibertyServer node : NODES) {
            node.launch();
        }
        List<CompletableFuture<Void>> ready = NODES.stream()
                .map(n -> CompletableFuture.runAsync(n::awaitReady)).toList();
        ready.forEach(CompletableFuture::join);
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (LibertyServer node : NODES) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void theNodesAgreeOnOneActiveControllerAndSeeEveryBroker() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> views = new ArrayList<>();
            for (LibertyServer node : NODES) {
                views.add(Json.parse(node.get("/api/v1/cluster")));
            }
            String active = views.get(0).path("controller").path("active").asText();
            assertThat(active).isIn("c0", "c1", "c2");
            for (JsonNode view : views) {
                assertThat(view.path("controller").path("active").asText()).isEqualTo(active);
                assertThat(view.path("controller").path("mode").asText()).isEqualTo("replicated");
                assertThat(view.path("brokers").path("live").asInt()).isEqualTo(3);
                assertThat(view.path("followers")).hasSize(2);
                assertThat(view.path("cluster_id").asText()).isEqualTo(views.get(0).path("cluster_id").asText());
            }
        });
    }

    @Test
    @Order(2)
    void aStandbyRedirectsAdminWritesToTheActiveController() throws Exception {
        int active = activeIndex(NODES);
        LibertyServer standby = NODES.get((active + 1) % 3);

        HttpResponse<String> redirect = standby.postJson("/api/v1/topics", "{\"name\":\"via-standby\",\"partition_count\":3}");
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location")).hasValue(NODES.get(active).baseUrl() + "/api/v1/topics");
        assertThat(Json.parse(redirect).path("error").asText()).isEqualTo("NOT_CONTROLLER");

        HttpResponse<String> created = FOLLOWING.send(HttpRequest.newBuilder(URI.create(standby.baseUrl()
                        + "/api/v1/topics")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"via-standby\",\"partition_count\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        for (LibertyServer node : NODES) {
            assertThat(node.get("/api/v1/topics/via-standby").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void whenTheActiveControllerIsKilledAnotherTakesOverAndChangesResume() throws Exception {
        int killed = activeIndex(NODES);
        String killedId = "c" + killed;
        List<LibertyServer> survivors = new ArrayList<>(NODES);
        survivors.remove(killed);

        long killedAt = System.nanoTime();
        NODES.get(killed).kill();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String a = active(survivors.get(0));
            return a != null && !a.equals(killedId) && a.equals(active(survivors.get(1)));
        });
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("controller failover after SIGKILL of the active controller: %d ms%n", takeoverMs);

        LibertyServer newActive = survivors.get(activeIndex(survivors));
        HttpResponse<String> created = newActive.postJson("/api/v1/topics", "{\"name\":\"after-kill\",\"partition_count\":1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Json.parse(survivors.get(0).get("/api/v1/cluster")).path("controllers").findValuesAsText("state"))
                .containsExactlyInAnyOrder("active", "standby", "unreachable");
    }

    private static int activeIndex(List<LibertyServer> nodes) throws IOException {
        String active = active(nodes.get(0));
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode view = Json.parse(nodes.get(i).get("/api/v1/cluster"));
            if (view.path("node").path("controller_id").asText().equals(active)) {
                return i;
            }
        }
        throw new AssertionError("no node is the active controller " + active);
    }

    private static String active(LibertyServer node) {
        try {
            JsonNode active = Json.parse(node.get("/api/v1/cluster")).path("controller").path("active");
            return active.isTextual() ? active.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
