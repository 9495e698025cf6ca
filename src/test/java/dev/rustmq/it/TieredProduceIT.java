package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * "Produce 200 MB with a small segment size: the WAL stays under its capacity and objects appear in
 * the store." A real server on S3Proxy with a 32 MiB WAL takes 200 MiB (acks=all, the batching
 * Producer, four partitions) without a WAL_FULL: uploads keep up. While it produces, the WAL on disk
 * and {@code wal_size_bytes} are sampled and never pass the capacity (the disk by at most the
 * active WAL file, see below); afterwards the WAL drains to empty, the bucket's segments cover every
 * offset and hold at least the produced bytes, and a full read of every partition, all of it from
 * S3, returns every record at its offset with the same content (count, SHA-256, byte for byte).
 */
class TieredProduceIT {
    private static final String TOPIC = "tiered";
    private static final String BUCKET = "rustmq-tiered-produce";
    private static final int PARTITIONS = 4;
    private static final int VALUE_BYTES = 4096;
    private static final long PRODUCE_BYTES = 200L << 20;
    private static final int RECORDS = (int) (PRODUCE_BYTES / VALUE_BYTES);
    private static final long WAL_CAPACITY = 32L << 20;
    private static final long SEGMENT_BYTES = 1L << 20;

    private S3ProxyServer s3proxy;
    private LibertyServer server;
    private ScheduledExecutorService sampler;

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (sampler != null) {
                sampler.shutdownNow();
                sampler.awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            TieredBroker.stop(server, s3proxy);
        }
    }

    @Test
    void twoHundredMegabytesPassThroughA32MegabyteWalIntoS3() throws Exception {
        server = LibertyServer.create("tiered-produce");
        s3proxy = S3ProxyServer.start(server.home().resolve("s3proxy"));
        TieredBroker.useS3(server, s3proxy, BUCKET)
                .env("RUSTMQ_WAL_CAPACITY_BYTES", Long.toString(WAL_CAPACITY))
                .env("RUSTMQ_WAL_SEGMENT_SIZE_BYTES", Long.toString(SEGMENT_BYTES))
                .env("RUSTMQ_WAL_UPLOAD_INTERVAL_MS", "500")
                // The WAL runs at capacity: an append waits for room up to this long before WAL_FULL.
                // Far above an upload's duration, so a slow CI machine waits instead of failing.
                .env("RUSTMQ_REPLICATION_ACK_TIMEOUT_MS", "20000")
                .start();
        String url = "tcp://127.0.0.1:" + server.dataPort();
        try (RustMqClient client = RustMqClient.connect(url)) {
            client.createTopic(TOPIC, PARTITIONS, 1);
        }

        // Sample the WAL on disk (every 20 ms, cheap) and as the broker reports it (every 200 ms).
        AtomicLong maxOnDisk = new AtomicLong();
        AtomicLong maxReported = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        AtomicReference<Throwable> samplerFailure = new AtomicReference<>();
        sampler = Executors.newScheduledThreadPool(2);
        sampler.scheduleWithFixedDelay(() -> {
            maxOnDisk.accumulateAndGet(TieredBroker.walBytesOnDisk(server), Math::max);
            samples.incrementAndGet();
        }, 0, 20, TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(() -> {
            try {
                maxReported.accumulateAndGet(TieredBroker.walSizeBytes(server), Math::max);
            } catch (Throwable e) {
                if (!Thread.currentThread().isInterrupted()) { // not the shutdown below
                    samplerFailure.compareAndSet(null, e);
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        // 1. Produce: per partition, offset -> record number (the value is a function of it).
        List<Map<Long, Integer>> acked = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            acked.add(new ConcurrentSkipListMap<>());
        }
        long started = System.nanoTime();
        ProducerConfig config = ProducerConfig.builder().acks(Acks.ALL).batchSize(256 * 1024).lingerMs(5)
                .deliveryTimeoutMs(60_000).build();
        try (Producer producer = Producer.connect(url, config)) {
            List<CompletableFuture<Void>> sends = new ArrayList<>(RECORDS);
            for (int n = 0; n < RECORDS; n++) {
                int partition = n % PARTITIONS;
                int number = n;
                sends.add(producer.send(new ProducerRecord(TOPIC, partition, null, value(number)))
                        .thenAccept(m -> acked.get(partition).put(m.offset(), number)));
            }
            producer.flush();
            // A WAL_FULL (or any other failure) fails its record's future here: uploads must keep up.
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            // ...and a WAL_FULL the producer retried counts here.
            assertThat(producer.metrics().recordsRetried()).as("records sent again after a retriable error").isZero();
        }
        assertThat(server.get("/metrics").body().lines().filter(l -> l.startsWith("produce_errors_total{")))
                .as("produce errors counted by the broker").isEmpty();
        double seconds = (System.nanoTime() - started) / 1e9;
        long inWalAtEnd = TieredBroker.walSizeBytes(server);

        // 2. While producing, objects appeared: everything produced is in S3 except what the WAL holds.
        try (S3Client s3 = s3proxy.client()) {
            TieredBroker.Segments atEnd = TieredBroker.segments(s3, BUCKET, TOPIC);
            assertThat(atEnd.bytes()).as("segment bytes in S3 when producing ended (WAL then held %d bytes)",
                    inWalAtEnd).isGreaterThanOrEqualTo(PRODUCE_BYTES - WAL_CAPACITY);
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(acked.get(p)).as("partition %d acknowledged records", p).hasSize(RECORDS / PARTITIONS);
            assertThat(((ConcurrentSkipListMap<Long, Integer>) acked.get(p)).lastKey()).as("partition %d dense", p)
                    .isEqualTo(RECORDS / PARTITIONS - 1);
        }

        // 3. The upload lag drains: the WAL ends empty, and the segments cover every acknowledged offset.
        await("wal_size_bytes drains to 0").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> TieredBroker.walSizeBytes(server) == 0);
        TieredBroker.Segments segments;
        try (S3Client s3 = s3proxy.client()) {
            segments = TieredBroker.segments(s3, BUCKET, TOPIC);
        }
        sampler.shutdown();
        assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(samplerFailure.get()).as("sampling /metrics").isNull();
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(segments.coveredEnd(p)).as("partition %d covered by segments", p)
                    .isEqualTo(RECORDS / PARTITIONS);
        }
        assertThat(segments.bytes()).as("bytes of the segment objects").isGreaterThanOrEqualTo(PRODUCE_BYTES);

        // 4. The WAL never passed its capacity. wal_size_bytes is what it holds; the disk also holds the
        // already-uploaded head of its oldest file, as files are deleted whole (at most one WAL file,
        // [wal] segment_size_bytes, more).
        assertThat(samples.get()).as("disk samples").isGreaterThan(10);
        assertThat(maxReported.get()).as("largest wal_size_bytes seen").isPositive().isLessThanOrEqualTo(WAL_CAPACITY);
        assertThat(maxOnDisk.get()).as("largest WAL on disk seen").isPositive()
                .isLessThanOrEqualTo(WAL_CAPACITY + SEGMENT_BYTES);
        assertThat(TieredBroker.walBytesOnDisk(server)).as("WAL on disk after draining")
                .isLessThanOrEqualTo(SEGMENT_BYTES + 4096);

        // 5. Every record back, from S3 (the WAL is empty): count, checksum and bytes per partition.
        try (RustMqClient client = RustMqClient.connect(url)) {
            for (int p = 0; p < PARTITIONS; p++) {
                long end = RECORDS / PARTITIONS;
                assertThat(client.listOffsets(TOPIC, p, OffsetSpec.LATEST)).as("partition %d end", p).isEqualTo(end);
                MessageDigest expected = MessageDigest.getInstance("SHA-256");
                MessageDigest read = MessageDigest.getInstance("SHA-256");
                long next = 0;
                while (next < end) {
                    FetchResponse fetched = client.fetch(new FetchRequest(TOPIC, p, next, 1 << 20, 0));
                    assertThat(fetched.records()).as("partition %d has records at %d", p, next).isNotEmpty();
                    for (ConsumedRecord r : fetched.records()) {
                        if (r.offset() < next) {
                            continue; // a fetch may start at the batch holding next
                        }
                        assertThat(r.offset()).as("partition %d offsets are dense", p).isEqualTo(next);
                        byte[] want = value(acked.get(p).get(next));
                        expected.update(want);
                        read.update(r.value());
                        assertThat(r.value()).as("partition %d offset %d", p, next).isEqualTo(want);
                        next++;
                    }
                }
                assertThat(HexFormat.of().formatHex(read.digest())).as("partition %d SHA-256 of the values read", p)
                        .isEqualTo(HexFormat.of().formatHex(expected.digest()));
            }
        }
        System.out.printf("tiered produce: %d MiB in %.1f s (%.0f MiB/s); WAL max %d bytes reported, %d on disk "
                        + "(capacity %d); %d segments, %d bytes in S3%n", PRODUCE_BYTES >> 20, seconds,
                (PRODUCE_BYTES >> 20) / seconds, maxReported.get(), maxOnDisk.get(), WAL_CAPACITY, segments.count(),
                segments.bytes());
    }

    /** Record {@code n}'s value: a tag, then bytes that differ per record (so a mix-up shows). */
    private static byte[] value(int n) {
        byte[] value = new byte[VALUE_BYTES];
        new SplittableRandom(n).nextBytes(value);
        byte[] tag = ("record " + n + " ").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, value, 0, tag.length);
        return value;
    }
}
