package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * "Outage: stop S3Proxy mid-produce, keep producing, start it again: all acknowledged data ends up
 * uploaded and readable." A real server produces continuously (acks=all) while S3Proxy is killed
 * and, later, started again on the same port and data. Produce never fails (the WAL has room), the
 * WAL grows during the outage and drains afterwards, and then, with the broker's data folder
 * deleted, every acknowledged record reads back from S3 byte for byte at its offset.
 */
class ObjectStoreOutageIT {
    private static final String TOPIC = "outage";
    private static final String BUCKET = "rustmq-outage";
    private static final int PARTITIONS = 3;

    private S3ProxyServer s3proxy;
    private LibertyServer server;

    @AfterEach
    void stopAll() throws Exception {
        TieredBroker.stop(server, s3proxy);
    }

    @Test
    void everyRecordAcknowledgedAcrossAnS3OutageIsUploadedAndReadableFromS3() throws Exception {
        server = LibertyServer.create("outage");
        s3proxy = S3ProxyServer.start(server.home().resolve("s3proxy"));
        TieredBroker.useS3(server, s3proxy, BUCKET)
                .env("RUSTMQ_WAL_CAPACITY_BYTES", Long.toString(256L << 20))
                .env("RUSTMQ_WAL_SEGMENT_SIZE_BYTES", Integer.toString(256 * 1024))
                .env("RUSTMQ_WAL_UPLOAD_INTERVAL_MS", "500")
                // Store calls give up fast, so tiering's own back-off decides when uploads resume.
                .env("RUSTMQ_OBJECT_STORAGE_RETRY_MAX_ATTEMPTS", "2")
                .env("RUSTMQ_OBJECT_STORAGE_RETRY_MAX_DELAY_MS", "200")
                .start();
        String url = "tcp://127.0.0.1:" + server.dataPort();
        AckLog acked = new AckLog(PARTITIONS);
        try (RustMqClient client = RustMqClient.connect(url)) {
            client.createTopic(TOPIC, PARTITIONS, 1);
            try (ContinuousProducer producer = new ContinuousProducer(client, TOPIC, PARTITIONS, 1, acked)) {
                producer.start();

                // 1. Store up: records flow into S3.
                try (S3Client s3 = s3proxy.client()) {
                    await("first segments in S3").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> TieredBroker.segments(s3, BUCKET, TOPIC).count() >= PARTITIONS);
                }
                assertThat(producer.failure()).isNull();

                // 2. Store down mid-produce: produce goes on into the WAL, which grows.
                s3proxy.stop();
                long atOutage = acked.count();
                await("produce goes on while S3 is down, the WAL holding it").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            assertThat(producer.failure()).as("produce while S3 is down").isNull();
                            return acked.count() >= atOutage + 5_000 && TieredBroker.walSizeBytes(server) > 4 << 20;
                        });
                long walDuringOutage = TieredBroker.walSizeBytes(server);

                // 3. Store back (same port and data): produce a little more.
                s3proxy.start();
                long atReturn = acked.count();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> acked.count() >= atReturn + 2_000 || producer.failure() != null);
                // Stop sending and let every request in flight be answered: then the log holds
                // exactly what was acknowledged.
                producer.close();
                await("answers to the requests in flight").atMost(Duration.ofSeconds(30))
                        .until(() -> producer.inFlight() == 0);
                assertThat(producer.failure()).as("produce after S3 is back").isNull();
                System.out.printf("outage: %d records acknowledged before, %d during (WAL then %d bytes), %d in all%n",
                        atOutage, atReturn - atOutage, walDuringOutage, acked.count());
            }
        }
        assertThat(acked.conflicts()).isEmpty();

        // 4. The backlog uploads: the WAL drains and the segments cover every acknowledged offset.
        long[] ends = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            Map<Long, String> log = acked.partition(p);
            ends[p] = log.size();
            assertThat(log.keySet()).as("partition %d acknowledged offsets are dense", p)
                    .allMatch(o -> o < log.size());
        }
        long drainStarted = System.nanoTime();
        await("wal_size_bytes drains to 0").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> TieredBroker.walSizeBytes(server) == 0);
        System.out.printf("outage: the WAL drained %.1f s after producing stopped%n",
                (System.nanoTime() - drainStarted) / 1e9);
        try (S3Client s3 = s3proxy.client()) {
            TieredBroker.Segments segments = TieredBroker.segments(s3, BUCKET, TOPIC);
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(segments.coveredEnd(p)).as("partition %d covered by segments in S3", p).isEqualTo(ends[p]);
            }
        }

        // 5. Uploaded and readable: without its WAL (broker folder deleted, controller metadata kept,
        // as in StatelessRestartIT) the broker serves every acknowledged record from S3.
        server.stop();
        Path brokerFolder = server.dataDir().resolve("broker");
        TieredBroker.deleteRecursively(brokerFolder);
        server.start();
        try (RustMqClient client = RustMqClient.connect(url)) {
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(client.listOffsets(TOPIC, p, OffsetSpec.LATEST)).as("partition %d end", p).isEqualTo(ends[p]);
                Map<Long, String> expected = acked.partition(p);
                long next = 0;
                while (next < ends[p]) {
                    FetchResponse fetched = client.fetch(new FetchRequest(TOPIC, p, next, 1 << 20, 0));
                    assertThat(fetched.records()).as("partition %d has records at %d", p, next).isNotEmpty();
                    for (ConsumedRecord r : fetched.records()) {
                        if (r.offset() < next) {
                            continue;
                        }
                        assertThat(r.offset()).as("partition %d dense", p).isEqualTo(next);
                        assertThat(new String(r.value(), StandardCharsets.UTF_8)).as("partition %d offset %d", p, next)
                                .isEqualTo(expected.get(next));
                        next++;
                    }
                }
            }
        }
    }
}
