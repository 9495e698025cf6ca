package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.testing.S3ProxyServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Retention against the real server and a real S3 API (S3Proxy): a topic created through the
 * admin API with one-hour time retention gets records two hours old and records from now; the
 * old segments' objects disappear from the bucket on the retention schedule and ListOffsets
 * EARLIEST moves past them; a fetch below it is OFFSET_OUT_OF_RANGE. A PUT to a size policy takes
 * effect without a restart, and deleting the topic deletes its objects.
 */
class RetentionIT {
    private static final String TOPIC = "retained";
    private static final String BUCKET = "rustmq-retention";
    private static final int OLD_RECORDS = 200;
    private static final int NEW_RECORDS = 100;
    private static final int RECORDS_PER_REQUEST = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SEGMENT_KEY = Pattern.compile(
            "topics/" + TOPIC + "/0/(\\d{20})-(\\d{20})-(\\d+)(-[^/]+)?\\.seg");

    private S3ProxyServer s3proxy;
    private LibertyServer server;

    @AfterEach
    void stopAll() throws Exception {
        TieredBroker.stop(server, s3proxy);
    }

    @Test
    void oldObjectsDisappearOnScheduleTheLogStartMovesAndAPolicyChangeAppliesWithoutRestart() throws Exception {
        server = LibertyServer.create("retention");
        s3proxy = S3ProxyServer.start(server.home().resolve("s3proxy"));
        TieredBroker.useS3(server, s3proxy, BUCKET)
                // One ~10 KiB batch per segment: segment boundaries fall between old and new records.
                .env("RUSTMQ_WAL_SEGMENT_SIZE_BYTES", Integer.toString(16 * 1024))
                .env("RUSTMQ_WAL_UPLOAD_INTERVAL_MS", "200")
                .env("RUSTMQ_OBJECT_STORAGE_RETENTION_CHECK_INTERVAL_MS", "500")
                .start();
        String url = "tcp://127.0.0.1:" + server.dataPort();

        HttpResponse<String> created = server.postJson("/api/v1/topics", """
                {"name": "%s", "partition_count": 1, "replication_factor": 1,
                 "retention_policy": {"Time": {"retention_ms": 3600000}}}""".formatted(TOPIC));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        try (RustMqClient client = RustMqClient.connect(url); S3Client s3 = s3proxy.client()) {
            long now = System.currentTimeMillis();
            produce(client, 0, OLD_RECORDS, now - 2 * 3_600_000L);
            produce(client, OLD_RECORDS, NEW_RECORDS, now);
            long end = OLD_RECORDS + NEW_RECORDS;

            // 1. The old segments are uploaded, then deleted by the next retention pass: the bucket
            // ends up holding exactly the new records' segments, and the log starts after the old.
            await("objects of offsets below " + OLD_RECORDS + " deleted, the rest uploaded").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> coverage(s3).equals(List.of((long) OLD_RECORDS, end)));
            await("EARLIEST = " + OLD_RECORDS).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.listOffsets(TOPIC, 0, OffsetSpec.EARLIEST) == OLD_RECORDS);
            assertThat(client.listOffsets(TOPIC, 0, OffsetSpec.LATEST)).isEqualTo(end);
            assertThat(messagesLog()).contains(TOPIC + "-0: retention (retention_ms 3600000) moved the log start");
            assertOutOfRange(client, 0);
            assertOutOfRange(client, OLD_RECORDS - 1);
            double expiredSegments = metric("retention_deleted_segments_total");
            assertThat(expiredSegments).as("segments deleted by retention").isPositive();
            assertThat(metric("retention_deleted_bytes_total")).as("a segment holds a ~10 KiB batch")
                    .isGreaterThanOrEqualTo(expiredSegments * 8 * 1024);
            FetchResponse first = client.fetch(new FetchRequest(TOPIC, 0, OLD_RECORDS, 1 << 20, 0));
            assertThat(first.records().get(0).offset()).isEqualTo(OLD_RECORDS);
            assertThat(first.logStartOffset()).isEqualTo(OLD_RECORDS);

            // 2. A size policy through PUT, no restart: all but the newest segment go (the partition
            // stays at or above 1 byte without them).
            HttpResponse<String> updated = server.putJson("/api/v1/topics/" + TOPIC,
                    "{\"retention_policy\": {\"Size\": {\"retention_bytes\": 1}}}");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            await("one segment left").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> segments(s3).size() == 1);
            long lastBase = segments(s3).firstKey();
            assertThat(lastBase).isGreaterThan(OLD_RECORDS).isLessThan(end);
            await("EARLIEST = " + lastBase).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.listOffsets(TOPIC, 0, OffsetSpec.EARLIEST) == lastBase);
            assertOutOfRange(client, OLD_RECORDS);
            assertThat(client.fetch(new FetchRequest(TOPIC, 0, lastBase, 1 << 20, 0)).records().get(0).offset())
                    .isEqualTo(lastBase);

            // 3. Deleting the topic deletes its objects.
            assertThat(server.delete("/api/v1/topics/" + TOPIC).statusCode()).isEqualTo(204);
            await("no objects under topics/" + TOPIC + "/").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> segments(s3).isEmpty());
            await("deleted topic's objects counted").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> metric("object_storage_orphans_deleted_total") >= 1);
            assertThat(metric("object_storage_delete_errors_total")).isZero();
        }
    }

    /** The value of an application metric on Liberty's /metrics. */
    private double metric(String name) throws Exception {
        for (String line : server.get("/metrics?scope=application").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("metric " + name + " not found in /metrics");
    }

    /** Liberty's messages.log (application INFO logs go there, not to the console). */
    private String messagesLog() throws java.io.IOException {
        java.nio.file.Path log = server.home().resolve("output").resolve(
                System.getProperty("rustmq.it.server.name", "rustmq")).resolve("logs").resolve("messages.log");
        return java.nio.file.Files.readString(log);
    }

    private static void assertOutOfRange(RustMqClient client, long offset) {
        assertThatThrownBy(() -> client.fetch(new FetchRequest(TOPIC, 0, offset, 1 << 20, 0)))
                .as("fetch at %d", offset)
                .isInstanceOfSatisfying(RustMqClientException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
    }

    /** Produces {@code count} 1 KiB records stamped {@code timestamp}, in requests of 10, acks=all, in order. */
    private static void produce(RustMqClient client, int first, int count, long timestamp) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int start = first; start < first + count; start += RECORDS_PER_REQUEST) {
            List<Record> records = new ArrayList<>();
            for (int i = start; i < start + RECORDS_PER_REQUEST; i++) {
                byte[] value = new byte[1024];
                value[0] = (byte) i;
                records.add(new Record(timestamp, null, value, List.of()));
            }
            pending.add(client.produceAsync(new ProduceRequest(TOPIC, 0, records, Acks.ALL, 10_000)));
        }
        pending.forEach(CompletableFuture::join);
    }

    /** Segment objects of the partition in the bucket: base offset → last offset. */
    private static TreeMap<Long, Long> segments(S3Client s3) {
        TreeMap<Long, Long> segments = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("topics/" + TOPIC + "/")).contents()) {
            if (!o.key().endsWith(".seg")) {
                continue; // S3Proxy's temporary file of a PUT in progress
            }
            Matcher m = SEGMENT_KEY.matcher(o.key());
            assertThat(m.matches()).as("object key %s", o.key()).isTrue();
            segments.put(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
        return segments;
    }

    /** [first base, end] of the listed segments when they are dense, else an empty list. */
    private static List<Long> coverage(S3Client s3) {
        TreeMap<Long, Long> segments = segments(s3);
        if (segments.isEmpty()) {
            return List.of();
        }
        long next = segments.firstKey();
        for (var e : segments.entrySet()) {
            if (e.getKey() != next) {
                return List.of();
            }
            next = e.getValue() + 1;
        }
        return List.of(segments.firstKey(), next);
    }
}
