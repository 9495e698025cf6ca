package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.ProduceResponse;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.testing.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WAL-full back-pressure against the real server: with S3Proxy down nothing can leave the 8 MiB
 * WAL, so produce fills it and then gets a clear {@code WAL_FULL} naming the cause, having written
 * nothing. The broker keeps serving meanwhile: fetches of what it holds, metadata, the admin API
 * and its health endpoints, also on a connection whose event loop a waiting produce shares. When
 * S3Proxy is back the backlog uploads, produce succeeds again, and every record acknowledged
 * before, during and after the outage reads back byte for byte at dense offsets.
 */
class WalFullBackPressureIT {
    private static final String TOPIC = "walfull";
    private static final String BUCKET = "rustmq-wal-full";
    private static final int PARTITIONS = 2;
    private static final int VALUE_BYTES = 4096;
    private static final int RECORDS_PER_REQUEST = 16; // 64 KiB requests
    private static final long WAL_CAPACITY = 8L << 20;
    /** How long an append waits for WAL room before WAL_FULL ([replication] ack_timeout_ms). */
    private static final long APPEND_WAIT_MS = 6_000;

    private S3ProxyServer s3proxy;
    private LibertyServer server;
    private final List<Map<Long, byte[]>> acked = new ArrayList<>();
    private int produced;

    @AfterEach
    void stopAll() throws Exception {
        TieredBroker.stop(server, s3proxy);
    }

    @Test
    void aFullWalRefusesProduceClearlyKeepsServingAndRecoversWhenTheStoreReturns() throws Exception {
        server = LibertyServer.create("wal-full");
        s3proxy = S3ProxyServer.start(server.home().resolve("s3proxy"));
        TieredBroker.useS3(server, s3proxy, BUCKET)
                .env("RUSTMQ_WAL_CAPACITY_BYTES", Long.toString(WAL_CAPACITY))
                .env("RUSTMQ_WAL_SEGMENT_SIZE_BYTES", Integer.toString(256 * 1024))
                .env("RUSTMQ_WAL_UPLOAD_INTERVAL_MS", "500")
                .env("RUSTMQ_REPLICATION_ACK_TIMEOUT_MS", Long.toString(APPEND_WAIT_MS))
                // Store calls give up fast, so tiering's own back-off (up to 30 s) decides the retries.
                .env("RUSTMQ_OBJECT_STORAGE_RETRY_MAX_ATTEMPTS", "2")
                .env("RUSTMQ_OBJECT_STORAGE_RETRY_MAX_DELAY_MS", "200")
                .start();
        String url = "tcp://127.0.0.1:" + server.dataPort();
        for (int p = 0; p < PARTITIONS; p++) {
            acked.add(new TreeMap<>());
        }
        try (RustMqClient client = RustMqClient.connect(url)) {
            client.createTopic(TOPIC, PARTITIONS, 1);

            // 1. With the store up: 1 MiB in, uploaded, the WAL empty again.
            for (int i = 0; i < 16; i++) {
                produce(client, i % PARTITIONS);
            }
            await("first records uploaded (wal_size_bytes = 0)").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> TieredBroker.walSizeBytes(server) == 0);
            long[] outageStart = ends();

            // 2. Store down: produce fills the WAL, then WAL_FULL with nothing written.
            s3proxy.stop();
            RustMqClientException full = null;
            int limit = (int) (2 * WAL_CAPACITY / (VALUE_BYTES * RECORDS_PER_REQUEST));
            for (int i = 0; i < limit && full == null; i++) {
                int partition = i % PARTITIONS;
                full = catchThrowableOfType(RustMqClientException.class, () -> produce(client, partition));
            }
            assertThat(full).as("WAL_FULL within %d requests of 64 KiB into an 8 MiB WAL", limit).isNotNull();
            assertThat(full.errorCode()).isEqualTo(ErrorCode.WAL_FULL);
            assertThat(full.getMessage()).as("the error names the cause")
                    .contains("WAL is full").contains("[wal] capacity_bytes").contains("object storage");
            long walWhenFull = TieredBroker.walSizeBytes(server);
            assertThat(walWhenFull).as("wal_size_bytes when full")
                    .isGreaterThan(WAL_CAPACITY - (long) VALUE_BYTES * RECORDS_PER_REQUEST * 2)
                    .isLessThanOrEqualTo(WAL_CAPACITY);
            assertThat(TieredBroker.walBytesOnDisk(server)).as("WAL on disk when full")
                    .isLessThanOrEqualTo(WAL_CAPACITY + 256 * 1024);
            assertDense("after WAL_FULL (a refused produce uses no offset)");

            // 3. It keeps serving. Produce requests waiting for room hold their connection's event
            // loop...
            try (RustMqClient waiting = RustMqClient.connect(url)) {
                List<CompletableFuture<ProduceResponse>> blocked = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    blocked.add(waiting.produceAsync(request(i % PARTITIONS, produced + i)));
                }
                // ...yet every other connection is answered while they still wait: each reader is done
                // before any blocked produce gets its WAL_FULL (the bug stalled readers for the whole wait).
                // The server's event loops (one per core, at least two) take new connections in turn, so
                // one of these shares that loop.
                int eventLoops = Math.max(2, Runtime.getRuntime().availableProcessors());
                for (int c = 0; c < eventLoops; c++) {
                    try (RustMqClient reader = RustMqClient.connect(url)) {
                        for (int p = 0; p < PARTITIONS; p++) {
                            FetchResponse fetched = reader.fetch(new FetchRequest(TOPIC, p, outageStart[p], 1 << 20, 0));
                            assertThat(fetched.records()).as("partition %d from %d while the WAL is full", p,
                                    outageStart[p]).isNotEmpty();
                            ConsumedRecord first = fetched.records().get(0);
                            assertThat(first.value()).isEqualTo(acked.get(p).get(first.offset()));
                        }
                        assertThat(reader.listTopics()).as("metadata while the WAL is full").isNotEmpty();
                    }
                    assertThat(blocked).as("connection %d answered (connect, fetches, metadata) while every produce "
                            + "still waits for WAL room (up to %d ms)", c, APPEND_WAIT_MS)
                            .noneMatch(CompletableFuture::isDone);
                }
                for (CompletableFuture<ProduceResponse> b : blocked) {
                    Throwable error = catchThrowableOfType(Throwable.class, b::join);
                    assertThat(error).as("a produce into the full WAL").isNotNull();
                    assertThat(error.getCause()).isInstanceOf(RustMqClientException.class);
                    assertThat(((RustMqClientException) error.getCause()).errorCode()).isEqualTo(ErrorCode.WAL_FULL);
                }
            }
            HttpResponse<String> topics = server.get("/api/v1/topics");
            assertThat(topics.statusCode()).as("admin API while the WAL is full").isEqualTo(200);
            assertThat(topics.body()).contains(TOPIC);
            HttpResponse<String> ready = server.get("/ready");
            HttpResponse<String> health = server.get("/health");
            System.out.printf("WAL full: %s%n/ready %d %s%n/health %d %s%n", full.getMessage(), ready.statusCode(),
                    ready.body(), health.statusCode(), health.body());
            // Ready (it still serves reads and will take writes once the store is back); the storage
            // check shows why writes fail: the WAL at its capacity.
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"wal_capacity_bytes\":\"" + WAL_CAPACITY + "\"");
            assertThat(health.statusCode()).isEqualTo(200);

            // 4. Store back: the backlog uploads, produce succeeds again.
            s3proxy.start();
            long back = System.nanoTime();
            await("produce succeeds again after S3Proxy is back").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).ignoreException(RustMqClientException.class)
                    .until(() -> {
                        produce(client, 0);
                        return true;
                    });
            System.out.printf("WAL full: produce succeeded again %.1f s after S3Proxy was back%n",
                    (System.nanoTime() - back) / 1e9);
            for (int i = 0; i < 64; i++) {
                produce(client, i % PARTITIONS);
            }
            await("the backlog uploaded (wal_size_bytes = 0)").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> TieredBroker.walSizeBytes(server) == 0);
            assertDense("at the end");

            // 5. Every acknowledged record, before, during and after the outage, byte for byte.
            for (int p = 0; p < PARTITIONS; p++) {
                long end = acked.get(p).size();
                long next = 0;
                while (next < end) {
                    FetchResponse fetched = client.fetch(new FetchRequest(TOPIC, p, next, 1 << 20, 0));
                    assertThat(fetched.records()).as("partition %d has records at %d", p, next).isNotEmpty();
                    for (ConsumedRecord r : fetched.records()) {
                        if (r.offset() < next) {
                            continue;
                        }
                        if (r.offset() >= end) {
                            break;
                        }
                        assertThat(r.offset()).as("partition %d dense", p).isEqualTo(next);
                        assertThat(r.value()).as("partition %d offset %d", p, next).isEqualTo(acked.get(p).get(next));
                        next++;
                    }
                }
            }
        }
    }

    /** Produces one 64 KiB request (acks=all) to {@code partition} and records what was acknowledged. */
    private void produce(RustMqClient client, int partition) {
        ProduceRequest request = request(partition, produced);
        ProduceResponse response = client.produce(request);
        for (int k = 0; k < request.records().size(); k++) {
            acked.get(partition).put(response.baseOffset() + k, request.records().get(k).value());
        }
        produced += RECORDS_PER_REQUEST;
    }

    private static ProduceRequest request(int partition, int firstRecord) {
        List<Record> records = new ArrayList<>();
        for (int k = 0; k < RECORDS_PER_REQUEST; k++) {
            records.add(new Record(System.currentTimeMillis(), null, value(firstRecord + k), List.of()));
        }
        return new ProduceRequest(TOPIC, partition, records, Acks.ALL, 30_000);
    }

    private long[] ends() {
        long[] ends = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            ends[p] = acked.get(p).size();
        }
        return ends;
    }

    private void assertDense(String when) {
        for (int p = 0; p < PARTITIONS; p++) {
            Map<Long, byte[]> log = acked.get(p);
            assertThat(log.isEmpty() ? -1L : ((TreeMap<Long, byte[]>) log).lastKey()).as("partition %d offsets dense %s",
                    p, when).isEqualTo(log.size() - 1L);
        }
    }

    private static byte[] value(int n) {
        byte[] value = new byte[VALUE_BYTES];
        new SplittableRandom(n).nextBytes(value);
        byte[] tag = ("record " + n + " ").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, value, 0, tag.length);
        return value;
    }
}
