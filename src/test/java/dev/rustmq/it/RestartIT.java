package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Controller metadata lives in the node's data folder and survives a stop, and a SIGKILL. */
class RestartIT {
    private LibertyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void topicsSurviveAGracefulRestart() throws Exception {
        server = LibertyServer.create("restart").start();
        JsonNode created = Json.parse(server.postJson("/api/v1/topics",
                "{\"name\":\"orders\",\"partition_count\":12,\"compression\":\"Zstd\"}"));
        server.putJson("/api/v1/topics/orders", "{\"retention_policy\":{\"Size\":{\"retention_bytes\":5000}}}");
        server.postJson("/api/v1/topics", "{\"name\":\"gone\"}");
        server.delete("/api/v1/topics/gone");
        String clusterId = Json.parse(server.get("/api/v1/cluster")).get("cluster_id").asText();

        server.stop();
        server.start();

        JsonNode orders = Json.parse(server.get("/api/v1/topics/orders"));
        assertThat(orders.get("topic_id").asText()).isEqualTo(created.get("topic_id").asText());
        assertThat(orders.get("partitions")).hasSize(12);
        assertThat(orders.get("compression").asText()).isEqualTo("Zstd");
        assertThat(orders.get("retention_policy").get("Size").get("retention_bytes").asLong()).isEqualTo(5000);
        assertThat(server.get("/api/v1/topics/gone").statusCode()).isEqualTo(404);
        assertThat(Json.parse(server.get("/api/v1/cluster")).get("cluster_id").asText()).isEqualTo(clusterId);
        assertThat(Json.parse(server.get("/api/v1/brokers")).get("brokers")).hasSize(1);
    }

    @Test
    void anAcknowledgedTopicSurvivesSigkill() throws Exception {
        server = LibertyServer.create("sigkill").start();
        for (int i = 0; i < 20; i++) {
            assertThat(server.postJson("/api/v1/topics", "{\"name\":\"t" + i + "\",\"partition_count\":3}")
                    .statusCode()).isEqualTo(201);
        }
        server.kill();
        server.start();

        JsonNode topics = Json.parse(server.get("/api/v1/topics")).get("topics");
        assertThat(topics).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(Json.parse(server.get("/api/v1/topics/t" + i)).get("partitions")).hasSize(3);
        }
    }
}
