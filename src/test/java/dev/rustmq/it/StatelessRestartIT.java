package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.ProduceResponse;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A stateless broker against the real server and a real S3 API (S3Proxy): records produced with
 * acks=all are sealed into small segments and uploaded, the broker's own data folder (its WAL) is
 * deleted while it is stopped, and after a start on the same config every acknowledged record is
 * read back from S3 byte for byte at its offset; new records continue at the right offsets.
 */
class StatelessRestartIT {
    private static final String TOPIC = "stateless";
    private static final String BUCKET = "rustmq-stateless";
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 5_000;
    private static final int RECORDS_PER_REQUEST = 10;
    private static final int VALUE_BYTES = 1024;
    /** {@code topics/{topic}/{partition}/{base}-{last}-{epoch}[-{topicId}].seg}, offsets zero-padded. */
    private static final Pattern SEGMENT_KEY = Pattern.compile(
            "topics/" + TOPIC + "/(\\d+)/(\\d{20})-(\\d{20})-(\\d+)(-[^/]+)?\\.seg");

    private S3ProxyServer s3proxy;
    private LibertyServer server;

    @AfterEach
    void stopAll() throws Exception {
        TieredBroker.stop(server, s3proxy);
    }

    @Test
    void aBrokerWhoseDataFolderIsDeletedServesEverythingFromS3() throws Exception {
        server = LibertyServer.create("stateless");
        s3proxy = S3ProxyServer.start(server.home().resolve("s3proxy"));
        TieredBroker.useS3(server, s3proxy, BUCKET)
                .env("RUSTMQ_WAL_SEGMENT_SIZE_BYTES", Integer.toString(256 * 1024))
                .env("RUSTMQ_WAL_UPLOAD_INTERVAL_MS", "500")
                .start();
        String url = "tcp://127.0.0.1:" + server.dataPort();

        // 1. Produce ~5 MB with acks=all, remembering every acknowledged (partition, offset, value).
        List<Map<Long, byte[]>> acked = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            acked.add(new TreeMap<>());
        }
        try (RustMqClient client = RustMqClient.connect(url)) {
            client.createTopic(TOPIC, PARTITIONS, 1);
            produce(client, acked, 0, RECORDS);
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(acked.get(p).keySet()).as("partition %d offsets are dense from 0", p)
                    .containsExactlyElementsOf(range(0, acked.get(p).size()));
        }
        long[] ends = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            ends[p] = acked.get(p).size();
        }

        // 2. Wait until the segments in the bucket cover every acknowledged offset of each partition,
        // and the WAL is empty: it is trimmed only past segments recorded in their manifests, so an
        // object that is PUT but not yet committed does not count as uploaded.
        try (S3Client s3 = s3proxy.client()) {
            await("segments in s3://" + BUCKET + "/topics/" + TOPIC + "/ cover " + Arrays.toString(ends))
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Arrays.equals(uploadedEnds(s3), ends));
        }
        await("wal_size_bytes = 0 (everything committed and trimmed)").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> gauge(server.get("/metrics").body(), "wal_size_bytes") == 0.0);

        // 3. Stop, delete the broker's data folder, start on the same config. RustMqConfig lays the
        // node's data folder out as broker/ (the WAL, broker/wal, and anything else broker-local)
        // and controller/ (controller/metadata: the Infinispan metadata store with the topic and its
        // manifests). Only broker/ goes: controller/ stands for the replicated controller, which a
        // real deployment keeps when a broker loses its disk.
        server.stop();
        Path brokerFolder = server.dataDir().resolve("broker");
        assertThat(brokerFolder.resolve("wal")).isDirectory();
        assertThat(server.dataDir().resolve("controller").resolve("metadata")).isDirectory();
        deleteRecursively(brokerFolder);
        assertThat(brokerFolder).doesNotExist();
        server.start();

        // 4. Every acknowledged record at its offset, byte-identical; then appends continue.
        try (RustMqClient client = RustMqClient.connect(url)) {
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(client.listOffsets(TOPIC, p, OffsetSpec.EARLIEST)).as("partition %d start", p).isZero();
                assertThat(client.listOffsets(TOPIC, p, OffsetSpec.LATEST)).as("partition %d end", p)
                        .isEqualTo(ends[p]);
                Map<Long, byte[]> log = readAll(client, p, ends[p]);
                assertThat(log.keySet()).as("partition %d offsets", p).isEqualTo(acked.get(p).keySet());
                for (Map.Entry<Long, byte[]> e : acked.get(p).entrySet()) {
                    assertThat(log.get(e.getKey())).as("partition %d offset %d", p, e.getKey())
                            .isEqualTo(e.getValue());
                }
            }
            List<Map<Long, byte[]>> more = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                more.add(new TreeMap<>());
            }
            produce(client, more, RECORDS, 100);
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(more.get(p).keySet()).as("partition %d continues at %d", p, ends[p])
                        .containsExactlyElementsOf(range(ends[p], ends[p] + more.get(p).size()));
                Map<Long, byte[]> log = readAll(client, p, ends[p] + more.get(p).size());
                for (Map.Entry<Long, byte[]> e : more.get(p).entrySet()) {
                    assertThat(log.get(e.getKey())).as("partition %d offset %d (after restart)", p, e.getKey())
                            .isEqualTo(e.getValue());
                }
                assertThat(log.get(0L)).as("partition %d offset 0 still there", p).isEqualTo(acked.get(p).get(0L));
            }
        }
        System.out.printf("stateless restart: %s records per partition read back from S3 after the wipe%n",
                Arrays.toString(ends));
    }

    /**
     * Produces {@code count} records (values unique, {@value #VALUE_BYTES} bytes) numbered from
     * {@code first}, round robin over the partitions in requests of {@value #RECORDS_PER_REQUEST},
     * with acks=all, and records each acknowledged one at its offset.
     */
    private static void produce(RustMqClient client, List<Map<Long, byte[]>> acked, int first, int count) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int start = first; start < first + count; start += RECORDS_PER_REQUEST) {
            int partition = (start / RECORDS_PER_REQUEST) % PARTITIONS;
            List<byte[]> values = new ArrayList<>();
            List<Record> records = new ArrayList<>();
            for (int i = start; i < Math.min(start + RECORDS_PER_REQUEST, first + count); i++) {
                byte[] value = value(i);
                values.add(value);
                records.add(new Record(System.currentTimeMillis(), null, value, List.of()));
            }
            CompletableFuture<ProduceResponse> sent =
                    client.produceAsync(new ProduceRequest(TOPIC, partition, records, Acks.ALL, 10_000));
            pending.add(sent.thenAccept(response -> {
                synchronized (acked) {
                    for (int k = 0; k < values.size(); k++) {
                        byte[] previous = acked.get(partition).put(response.baseOffset() + k, values.get(k));
                        assertThat(previous).as("partition %d offset %d acknowledged twice", partition,
                                response.baseOffset() + k).isNull();
                    }
                }
            }));
            // At most 64 requests in flight.
            if (pending.size() >= 64) {
                pending.remove(0).join();
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    /** Unique, 1 KiB, not all the same byte (so a shifted or mixed-up read shows). */
    private static byte[] value(int n) {
        byte[] value = new byte[VALUE_BYTES];
        byte[] tag = ("record " + n + " ").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < value.length; i++) {
            value[i] = i < tag.length ? tag[i] : (byte) ((n * 31 + i) & 0xff);
        }
        return value;
    }

    /** Per partition, the end offset (last + 1) the listed segments cover densely from 0; 0 if none. */
    private static long[] uploadedEnds(S3Client s3) {
        Map<Integer, TreeMap<Long, Long>> segments = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("topics/" + TOPIC + "/")).contents()) {
            if (!o.key().endsWith(".seg")) {
                // S3Proxy's filesystem backend writes a PUT to "<key>-<uuid>" and renames it when
                // complete; listings show that file while a PUT is in progress.
                continue;
            }
            Matcher m = SEGMENT_KEY.matcher(o.key());
            assertThat(m.matches()).as("object key %s", o.key()).isTrue();
            segments.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>())
                    .put(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        }
        long[] ends = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            long next = 0;
            TreeMap<Long, Long> bases = segments.getOrDefault(p, new TreeMap<>());
            // Follow base -> last + 1 from offset 0; segments cut differently by a retry do not hurt.
            while (bases.floorEntry(next) != null && bases.floorEntry(next).getValue() >= next) {
                next = bases.floorEntry(next).getValue() + 1;
            }
            ends[p] = next;
        }
        return ends;
    }

    /** The application-scope sample {@code name} in the Prometheus text of /metrics. */
    private static double gauge(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("mp_scope=\"application\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("metric " + name + " not found in /metrics");
    }

    /** Fetches the partition from offset 0 to {@code end}, checking offsets are dense. */
    private static Map<Long, byte[]> readAll(RustMqClient client, int partition, long end) {
        Map<Long, byte[]> log = new TreeMap<>();
        long next = 0;
        while (next < end) {
            FetchResponse fetched = client.fetch(new FetchRequest(TOPIC, partition, next, 1 << 20, 0));
            assertThat(fetched.records()).as("partition %d has records at %d (end %d)", partition, next, end)
                    .isNotEmpty();
            for (ConsumedRecord r : fetched.records()) {
                if (r.offset() < next) {
                    continue; // a fetch may start at the batch holding next
                }
                if (r.offset() >= end) {
                    break;
                }
                assertThat(r.offset()).as("partition %d offsets are dense", partition).isEqualTo(next);
                log.put(r.offset(), r.value());
                next++;
            }
        }
        return log;
    }

    private static List<Long> range(long from, long to) {
        List<Long> list = new ArrayList<>();
        for (long i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
