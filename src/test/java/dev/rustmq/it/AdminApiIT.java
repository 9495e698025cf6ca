package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every admin endpoint of the seed's "Admin Operations", against a real Liberty server. */
class AdminApiIT {
    /** The seed README's create body, with the replication factor a single node can hold. */
    private static final String SEED_CREATE = """
            {
              "name": "%s",
              "partition_count": 24,
              "replication_factor": %d,
              "retention_policy": {"Time": {"retention_ms": 604800000}},
              "compression": "Lz4",
              "etl_modules": ["pii_scrubber", "fraud_detector"]
            }""";
    private static final String SEED_UPDATE = """
            {
              "retention_policy": {"Time": {"retention_ms": 1209600000}},
              "etl_modules": ["pii_scrubber", "fraud_detector", "analytics_enricher"]
            }""";

    private static LibertyServer server;

    @BeforeAll
    static void start() throws Exception {
        // Uploads after half a second, so topic details and upload metrics move within a test.
        server = LibertyServer.create("admin-api").env("RUSTMQ_BROKER_RACK_ID", "zone-a")
                .env("RUSTMQ_WAL_UPLOAD_INTERVAL_MS", "500").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void createsListsDescribesUpdatesAndDeletesATopic() throws Exception {
        HttpResponse<String> created = server.postJson("/api/v1/topics", SEED_CREATE.formatted("user-events", 1));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue(server.baseUrl() + "/api/v1/topics/user-events");
        JsonNode topic = Json.parse(created);
        assertThat(topic.get("name").asText()).isEqualTo("user-events");
        assertThat(topic.get("partition_count").asInt()).isEqualTo(24);
        assertThat(topic.get("compression").asText()).isEqualTo("Lz4");
        assertThat(topic.get("retention_policy").get("Time").get("retention_ms").asLong()).isEqualTo(604800000L);
        assertThat(topic.get("partitions")).hasSize(24);
        assertThat(topic.get("partitions").get(5).get("leader").asText()).isEqualTo("0");

        JsonNode list = Json.parse(server.get("/api/v1/topics"));
        assertThat(names(list.get("topics"))).contains("user-events");

        HttpResponse<String> described = server.get("/api/v1/topics/user-events");
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(Json.parse(described).get("topic_id").asText()).isEqualTo(topic.get("topic_id").asText());

        HttpResponse<String> updated = server.putJson("/api/v1/topics/user-events", SEED_UPDATE);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode after = Json.parse(server.get("/api/v1/topics/user-events"));
        assertThat(after.get("retention_policy").get("Time").get("retention_ms").asLong()).isEqualTo(1209600000L);
        assertThat(after.get("etl_modules").toString())
                .isEqualTo("[\"pii_scrubber\",\"fraud_detector\",\"analytics_enricher\"]");

        assertThat(server.delete("/api/v1/topics/user-events").statusCode()).isEqualTo(204);
        assertError(server.get("/api/v1/topics/user-events"), 404, "UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(names(Json.parse(server.get("/api/v1/topics")).get("topics"))).doesNotContain("user-events");
    }

    @Test
    void addsPartitionsAndSizeRetentionThroughUpdate() throws Exception {
        server.postJson("/api/v1/topics", "{\"name\":\"grow-me\",\"partition_count\":2}");
        HttpResponse<String> grown = server.putJson("/api/v1/topics/grow-me",
                "{\"partition_count\":5,\"retention_policy\":{\"Size\":{\"retention_bytes\":1048576}},"
                        + "\"configs\":{\"max_message_bytes\":\"2097152\"}}");
        assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
        JsonNode topic = Json.parse(grown);
        assertThat(topic.get("partitions")).hasSize(5);
        assertThat(topic.get("retention_policy").get("Size").get("retention_bytes").asLong()).isEqualTo(1048576L);
        assertThat(topic.get("configs").get("max_message_bytes").asText()).isEqualTo("2097152");
        assertError(server.putJson("/api/v1/topics/grow-me", "{\"partition_count\":3}"), 400, "INVALID_PARTITIONS");
        assertError(server.putJson("/api/v1/topics/grow-me", "{\"replication_factor\":2}"), 400,
                "INVALID_REPLICATION_FACTOR");
    }

    @Test
    void rejectsBadRequestsWithAJsonErrorAndKeepsServing() throws Exception {
        assertError(server.postJson("/api/v1/topics", SEED_CREATE.formatted("rf-too-high", 3)), 400,
                "INVALID_REPLICATION_FACTOR");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"bad name!\"}"), 400, "INVALID_TOPIC_NAME");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"" + "x".repeat(250) + "\"}"), 400,
                "INVALID_TOPIC_NAME");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"zero\",\"partition_count\":0}"), 400,
                "INVALID_PARTITIONS");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"typo\",\"partitions\":3}"), 400, "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"quoted\",\"partition_count\":\"3\"}"), 400,
                "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics", "{\"name\": \"broken\""), 400, "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics", "[1,2]"), 400, "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"c\",\"compression\":\"Snappy\"}"), 400,
                "INVALID_CONFIG");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"r\",\"retention_policy\":{\"Forever\":{}}}"), 400,
                "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"cfg\",\"configs\":{\"nope\":\"1\"}}"), 400,
                "INVALID_CONFIG");
        assertError(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/topics"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x"))), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(server.get("/api/v1/no-such-thing"), 404, "NOT_FOUND");
        assertError(server.delete("/api/v1/cluster"), 405, "METHOD_NOT_ALLOWED");
        assertError(server.putJson("/api/v1/topics/missing", "{}"), 404, "UNKNOWN_TOPIC_OR_PARTITION");
        assertError(server.delete("/api/v1/topics/missing"), 404, "UNKNOWN_TOPIC_OR_PARTITION");

        assertThat(server.postJson("/api/v1/topics", "{\"name\":\"dup\"}").statusCode()).isEqualTo(201);
        assertError(server.postJson("/api/v1/topics", "{\"name\":\"dup\"}"), 409, "TOPIC_ALREADY_EXISTS");
        assertThat(server.get("/api/v1/topics/dup").statusCode()).isEqualTo(200);
    }

    @Test
    void describesTheClusterAndItsBroker() throws Exception {
        JsonNode cluster = Json.parse(server.get("/api/v1/cluster"));
        assertThat(cluster.get("cluster_id").asText()).isNotBlank();
        assertThat(cluster.get("node").get("role").asText()).isEqualTo("combined");
        assertThat(cluster.get("brokers").get("live").asInt()).isEqualTo(1);
        assertThat(cluster.get("version").asText()).doesNotContain("${");

        HttpResponse<String> health = server.get("/api/v1/cluster/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.parse(health).get("status").asText()).isEqualTo("Healthy");

        JsonNode brokers = Json.parse(server.get("/api/v1/brokers")).get("brokers");
        assertThat(brokers).hasSize(1);
        assertThat(brokers.get(0).get("id").asText()).isEqualTo("0");
        assertThat(brokers.get(0).get("rack_id").asText()).isEqualTo("zone-a");
        assertThat(brokers.get(0).get("status").asText()).isEqualTo("online");
    }

    /**
     * The move endpoints on one broker: a rebalance has nothing to move and completes at once, every
     * move to another broker is refused, and bad requests are 400s naming what is wrong.
     */
    @Test
    void startsFollowsAndRefusesRebalancesAndMoves() throws Exception {
        server.postJson("/api/v1/topics", "{\"name\":\"to-move\",\"partition_count\":2}");

        HttpResponse<String> started = server.postJson("/api/v1/rebalance", "{\"topic_names\":[\"to-move\"],"
                + "\"strategy\":\"PARTITION_COUNT\",\"max_concurrent_moves\":2}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode plan = Json.parse(started);
        String id = plan.get("rebalance_id").asText();
        assertThat(id).isNotBlank();
        assertThat(plan.get("strategy").asText()).isEqualTo("PARTITION_COUNT");
        assertThat(plan.get("max_concurrent_moves").asInt()).isEqualTo(2);
        assertThat(plan.get("moves").isArray()).isTrue();
        assertThat(plan.get("moves")).isEmpty();
        assertThat(plan.get("state").asText()).isEqualTo("completed");

        HttpResponse<String> got = server.get("/api/v1/rebalance/" + id);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(Json.parse(got).get("rebalance_id").asText()).isEqualTo(id);
        List<String> listed = new ArrayList<>();
        Json.parse(server.get("/api/v1/rebalance")).get("rebalances")
                .forEach(p -> listed.add(p.get("rebalance_id").asText()));
        assertThat(listed).contains(id);
        assertThat(server.postJson("/api/v1/rebalance", "").statusCode()).as("an empty body: the defaults")
                .isEqualTo(202);

        assertError(server.get("/api/v1/rebalance/no-such-plan"), 404, "NOT_FOUND");
        assertError(server.delete("/api/v1/rebalance/no-such-plan"), 404, "NOT_FOUND");
        HttpResponse<String> strategy = server.postJson("/api/v1/rebalance", "{\"strategy\":\"SIDEWAYS\"}");
        assertError(strategy, 400, "INVALID_REQUEST");
        assertThat(Json.parse(strategy).get("message").asText()).contains("BALANCE_LOAD", "LEADER_COUNT",
                "PARTITION_COUNT");
        HttpResponse<String> typo = server.postJson("/api/v1/rebalance", "{\"stratgy\":\"LEADER_COUNT\"}");
        assertError(typo, 400, "INVALID_REQUEST");
        assertThat(Json.parse(typo).get("message").asText()).contains("unknown field \"stratgy\"");
        assertError(server.postJson("/api/v1/rebalance", "{\"max_concurrent_moves\":0}"), 400, "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/rebalance", "{\"topic_names\":[\"missing\"]}"), 404,
                "UNKNOWN_TOPIC_OR_PARTITION");

        HttpResponse<String> reassignments = server.get("/api/v1/reassignments");
        assertThat(reassignments.statusCode()).as(reassignments.body()).isEqualTo(200);
        assertThat(Json.parse(reassignments).get("reassignments")).isEmpty();

        HttpResponse<String> stays = server.postJson("/api/v1/topics/to-move/partitions/0/reassign",
                "{\"replicas\":[\"0\"]}");
        assertThat(stays.statusCode()).as(stays.body()).isEqualTo(202);
        assertThat(Json.parse(stays).get("target_replicas").isNull()).isTrue();
        assertError(server.postJson("/api/v1/topics/to-move/partitions/0/reassign", "{\"replicas\":[\"9\"]}"), 400,
                "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics/to-move/partitions/0/reassign", "{}"), 400, "INVALID_REQUEST");
        assertError(server.postJson("/api/v1/topics/to-move/partitions/5/reassign", "{\"replicas\":[\"0\"]}"), 404,
                "UNKNOWN_TOPIC_OR_PARTITION");

        HttpResponse<String> elected = server.postJson("/api/v1/leaders/preferred", "{}");
        assertThat(elected.statusCode()).as(elected.body()).isEqualTo(200);
        assertThat(Json.parse(elected).get("elected")).isEmpty();

        assertError(server.postJson("/api/v1/brokers/0/drain", "{}"), 400, "INVALID_REPLICATION_FACTOR");
        assertError(server.postJson("/api/v1/brokers/9/drain", "{}"), 404, "NOT_FOUND");
    }

    @Test
    void answersTheKubernetesProbesAndMicroProfileHealth() throws Exception {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started", "/ready")) {
            HttpResponse<String> response = server.get(path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            JsonNode body = Json.parse(response);
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("checks").size()).as(path).isPositive();
        }
        List<String> readiness = names(Json.parse(server.get("/ready")).get("checks"));
        assertThat(readiness).containsExactlyInAnyOrder("metadata-store", "data-directories", "storage", "network");
        assertThat(names(Json.parse(server.get("/health/live")).get("checks"))).containsExactly("broker-heartbeat");
        assertThat(names(Json.parse(server.get("/health/started")).get("checks"))).containsExactly("node-started");
    }

    /** The client data port inside Liberty: a topic created over HTTP takes a produce and a fetch over TCP. */
    @Test
    void servesTheBinaryProtocolOverTcp() throws Exception {
        server.postJson("/api/v1/topics", "{\"name\":\"over-tcp\",\"partition_count\":1}");
        dev.rustmq.protocol.FrameEncoder encoder = new dev.rustmq.protocol.FrameEncoder(1 << 20);
        dev.rustmq.protocol.FrameDecoder<dev.rustmq.protocol.ResponseFrame> decoder =
                dev.rustmq.protocol.FrameDecoder.forResponses(1 << 20);
        java.nio.ByteBuffer batch = dev.rustmq.protocol.record.RecordBatchBuilder.build(0, 0,
                dev.rustmq.protocol.record.CompressionType.NONE,
                List.of(dev.rustmq.protocol.record.Record.of(null, "hi".getBytes(), 1_000L)));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.dataPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            // The topic may take up to the broker's metadata cache TTL (1 s) to be seen: retry the produce.
            java.util.concurrent.atomic.AtomicInteger correlation = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<dev.rustmq.protocol.message.ProduceResponse> last =
                    new java.util.concurrent.atomic.AtomicReference<>();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                        java.nio.ByteBuffer frame = encoder.encodeRequest(correlation.incrementAndGet(),
                                new dev.rustmq.protocol.message.ProduceRequest("over-tcp", 0,
                                        dev.rustmq.protocol.message.Acks.ALL, 5_000, batch.duplicate()));
                        out.write(frame.array(), 0, frame.remaining());
                        last.set((dev.rustmq.protocol.message.ProduceResponse) read(socket, decoder,
                                dev.rustmq.protocol.ApiKey.PRODUCE));
                        return last.get().errorCode() != dev.rustmq.errors.ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                    });
            dev.rustmq.protocol.message.ProduceResponse produced = last.get();
            assertThat(produced.errorCode()).as(produced.errorMessage()).isEqualTo(dev.rustmq.errors.ErrorCode.NONE);
            java.nio.ByteBuffer fetch = encoder.encodeRequest(100,
                    new dev.rustmq.protocol.message.FetchRequest("over-tcp", 0, produced.baseOffset(), 1 << 16, 1, 0));
            out.write(fetch.array(), 0, fetch.remaining());
            dev.rustmq.protocol.message.FetchResponse fetched = (dev.rustmq.protocol.message.FetchResponse) read(socket,
                    decoder, dev.rustmq.protocol.ApiKey.FETCH);
            assertThat(fetched.errorCode()).isEqualTo(dev.rustmq.errors.ErrorCode.NONE);
            assertThat(fetched.records().remaining()).isEqualTo(batch.remaining());
        }
    }

    private static dev.rustmq.protocol.ResponseMessage read(java.net.Socket socket,
            dev.rustmq.protocol.FrameDecoder<dev.rustmq.protocol.ResponseFrame> decoder,
            dev.rustmq.protocol.ApiKey api) throws java.io.IOException {
        byte[] buffer = new byte[1 << 16];
        while (true) {
            int n = socket.getInputStream().read(buffer);
            assertThat(n).as("the broker closed the connection").isPositive();
            dev.rustmq.protocol.ResponseFrame frame = decoder.decode(java.nio.ByteBuffer.wrap(buffer, 0, n));
            if (frame != null) {
                frame.throwIfError();
                return dev.rustmq.protocol.message.Messages.readResponse(api, (short) 0, frame.body());
            }
        }
    }

    @Test
    void exposesPrometheusMetricsWithRealValues() throws Exception {
        server.postJson("/api/v1/topics", "{\"name\":\"metered\",\"partition_count\":7}");
        JsonNode cluster = Json.parse(server.get("/api/v1/cluster"));
        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = metrics.body();
        assertThat(gauge(text, "topic_count")).isEqualTo(cluster.get("topics").asDouble()).isPositive();
        assertThat(gauge(text, "partition_count")).isEqualTo(cluster.get("partitions").asDouble())
                .isGreaterThanOrEqualTo(7);
        assertThat(gauge(text, "broker_count")).isEqualTo(1.0);
        assertThat(gauge(text, "brokers_live")).isEqualTo(1.0);
        assertThat(gauge(text, "uptime_seconds")).isGreaterThanOrEqualTo(0.0);
        // One broker: every partition is led and in sync with itself.
        assertThat(gauge(text, "offline_partitions")).isZero();
        assertThat(gauge(text, "under_replicated_partitions")).isZero();
        assertThat(gauge(text, "in_sync_replicas_count")).isEqualTo(cluster.get("partitions").asDouble());
        assertThat(gauge(text, "active_controller")).isEqualTo(1.0);
        assertThat(gauge(text, "leader_elections")).isZero();
        // One broker: no followers, nothing lags or moves.
        assertThat(gauge(text, "replication_lag")).isZero();
        assertThat(gauge(text, "isr_shrinks")).isZero();
        assertThat(gauge(text, "isr_expands")).isZero();
        assertThat(gauge(text, "replica_truncations")).isZero();
    }

    /**
     * The seed's data-plane metrics move by exactly what a client did over TCP, the latencies are
     * real Prometheus histograms, and /api/v1/metrics serves the same text.
     */
    @Test
    void countsProducedAndConsumedRecordsInThePrometheusText() throws Exception {
        String before = server.get("/metrics").body();
        String url = "tcp://127.0.0.1:" + server.dataPort();
        try (dev.rustmq.client.RustMqClient client = dev.rustmq.client.RustMqClient.connect(url)) {
            client.createTopic("counted", 1, 1);
            int[] batchSizes = {4, 2, 1};
            for (int size : batchSizes) {
                List<dev.rustmq.protocol.record.Record> records = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    records.add(dev.rustmq.protocol.record.Record.of(null, ("r" + i).getBytes(), 1_000L));
                }
                client.produce(new dev.rustmq.client.ProduceRequest("counted", 0, records,
                        dev.rustmq.protocol.message.Acks.ALL, 5_000));
            }
            int consumed = 0;
            long offset = 0;
            while (consumed < 7) {
                dev.rustmq.client.FetchResponse fetched = client.fetch(
                        new dev.rustmq.client.FetchRequest("counted", 0, offset, 1 << 20, 5_000));
                consumed += fetched.records().size();
                offset = fetched.nextOffset();
            }
            String during = server.get("/metrics").body();
            assertThat(value(during, "active_connections", "transport=\"tcp\"")).isGreaterThanOrEqualTo(1.0);
        }
        String after = server.get("/metrics").body();

        assertThat(delta(before, after, "messages_produced_total")).as("records, not batches").isEqualTo(7.0);
        assertThat(delta(before, after, "messages_consumed_total")).isEqualTo(7.0);
        assertThat(delta(before, after, "produce_latency_seconds_count")).as("one per produced batch").isEqualTo(3.0);
        assertThat(delta(before, after, "consume_latency_seconds_count")).isGreaterThanOrEqualTo(1.0);
        double bytesIn = delta(before, after, "bytes_in_total");
        assertThat(bytesIn).isPositive();
        assertThat(delta(before, after, "bytes_out_total")).as("the same batches, read once each").isEqualTo(bytesIn);

        assertThat(after).contains("# TYPE produce_latency_seconds histogram", "# TYPE consume_latency_seconds histogram");
        assertThat(value(after, "produce_latency_seconds_bucket", "le=\"0.1\"")).as("the seed's alert threshold")
                .isGreaterThanOrEqualTo(0.0);
        assertThat(value(after, "produce_latency_seconds_bucket", "le=\"+Inf\""))
                .isEqualTo(value(after, "produce_latency_seconds_count", ""));
        assertThat(after).as("no client-side quantiles").doesNotContain("produce_latency_seconds{");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                value(server.get("/metrics").body(), "active_connections", "transport=\"tcp\"")).isZero());

        HttpResponse<String> seedPath = server.get("/api/v1/metrics");
        assertThat(seedPath.statusCode()).isEqualTo(200);
        assertThat(seedPath.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(value(seedPath.body(), "messages_produced_total", ""))
                .isGreaterThanOrEqualTo(value(after, "messages_produced_total", ""));
        assertThat(server.get("/api/v1/metrics?scope=application").body())
                .contains("produce_latency_seconds_bucket").doesNotContain("mp_scope=\"base\"");
    }

    /**
     * Topic details carry each partition's log bounds and upload progress, which reach the log end
     * once the upload interval passed; the upload metrics appear under their documented names.
     */
    @Test
    void showsUploadProgressPerPartitionAndUploadMetrics() throws Exception {
        String url = "tcp://127.0.0.1:" + server.dataPort();
        long end = 0;
        try (dev.rustmq.client.RustMqClient client = dev.rustmq.client.RustMqClient.connect(url)) {
            client.createTopic("tiered", 2, 1);
            for (int batch = 0; batch < 5; batch++) {
                List<dev.rustmq.protocol.record.Record> records = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    records.add(dev.rustmq.protocol.record.Record.of(null, ("value " + batch + "-" + i).repeat(10)
                            .getBytes(), 1_000L));
                }
                client.produce(new dev.rustmq.client.ProduceRequest("tiered", 0, records,
                        dev.rustmq.protocol.message.Acks.ALL, 5_000));
                end += records.size();
            }
        }
        long produced = end;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode p0 = Json.parse(server.get("/api/v1/topics/tiered")).get("partitions").get(0);
            assertThat(p0.get("log_end_offset").asLong()).isEqualTo(produced);
            assertThat(p0.get("uploaded_offset").asLong()).isEqualTo(produced);
            assertThat(p0.get("upload_lag_bytes").asLong()).isZero();
        });
        JsonNode partitions = Json.parse(server.get("/api/v1/topics/tiered")).get("partitions");
        JsonNode p0 = partitions.get(0);
        assertThat(p0.get("log_start_offset").asLong()).isZero();
        assertThat(p0.get("object_count").asInt()).isPositive();
        assertThat(p0.get("uploaded_bytes").asLong()).isGreaterThan(produced * 10);
        JsonNode p1 = partitions.get(1);
        for (String field : List.of("log_start_offset", "log_end_offset", "uploaded_offset", "object_count",
                "uploaded_bytes", "upload_lag_bytes")) {
            assertThat(p1.get(field).asLong()).as("empty partition's %s", field).isZero();
        }

        String text = server.get("/metrics?scope=application").body();
        assertThat(text).contains("# TYPE object_storage_uploads_total counter",
                "# TYPE object_storage_upload_bytes_total counter", "# TYPE object_storage_upload_errors_total counter",
                "# TYPE object_storage_upload_retries_total counter", "# TYPE object_storage_upload_rate gauge",
                "# TYPE upload_lag_bytes gauge", "# TYPE upload_lag_seconds gauge", "# TYPE wal_size_bytes gauge",
                "# TYPE cache_hit_ratio gauge");
        assertThat(value(text, "object_storage_uploads_total", "")).isGreaterThanOrEqualTo(p0.get("object_count")
                .asDouble());
        assertThat(value(text, "object_storage_upload_bytes_total", "")).isGreaterThanOrEqualTo(
                p0.get("uploaded_bytes").asDouble());
        assertThat(value(text, "object_storage_upload_errors_total", "")).isZero();
        assertThat(value(text, "object_storage_upload_retries_total", "")).isZero();
        assertThat(value(text, "object_storage_upload_rate", "")).as("uploads in the last minute").isPositive();
        assertThat(value(text, "upload_lag_bytes", "")).isGreaterThanOrEqualTo(0.0);
        assertThat(value(text, "upload_lag_seconds", "")).isGreaterThanOrEqualTo(0.0);

        // The seed's troubleshooting step: curl http://rustmq-admin/api/v1/metrics | grep upload
        List<String> uploadLines = server.get("/api/v1/metrics").body().lines()
                .filter(l -> l.contains("upload") && !l.startsWith("#")).toList();
        assertThat(uploadLines).anyMatch(l -> l.startsWith("object_storage_upload_rate{"))
                .anyMatch(l -> l.startsWith("upload_lag_seconds{"));
    }

    private static double delta(String before, String after, String name) {
        return value(after, name, "") - value(before, name, "");
    }

    private static double gauge(String prometheusText, String name) {
        return value(prometheusText, name, "");
    }

    /** The application-scope sample {@code name} whose labels contain {@code labels}. */
    private static double value(String prometheusText, String name, String labels) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("mp_scope=\"application\"") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("metric " + name + " {" + labels + "} not found in /metrics");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Json.parse(response);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }
}
