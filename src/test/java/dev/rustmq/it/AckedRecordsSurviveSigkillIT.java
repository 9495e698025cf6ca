package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.RustMqClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durability promise of acks=all with {@code fsync_on_write} (the default), against the real
 * server: records are produced continuously, the JVM is SIGKILLed right after some were
 * acknowledged while more are in flight, and after each restart on the same data folder every
 * acknowledged record is at its offset with its value. Records never acknowledged may be there
 * or not, but each partition's offsets stay dense and no record appears at two offsets.
 */
class AckedRecordsSurviveSigkillIT {
    private static final String TOPIC = "durable";
    private static final int PARTITIONS = 3;
    private static final int KILLS = 2;
    /** Acknowledged records per round before the kill. */
    private static final int ACKED_PER_ROUND = 500;

    private LibertyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesRepeatedSigkills() throws Exception {
        server = LibertyServer.create("sigkill-data").env("RUSTMQ_WAL_FSYNC_ON_WRITE", "true").start();
        String url = "tcp://127.0.0.1:" + server.dataPort();
        try (RustMqClient admin = RustMqClient.connect(url)) {
            admin.createTopic(TOPIC, PARTITIONS, 1);
        }
        AckLog acks = new AckLog(PARTITIONS);
        for (int round = 1; round <= KILLS; round++) {
            try (RustMqClient client = RustMqClient.connect(url);
                    ContinuousProducer producer = new ContinuousProducer(client, TOPIC, PARTITIONS, round, acks)) {
                long before = acks.count();
                producer.start();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                        .until(() -> acks.count() - before >= ACKED_PER_ROUND && producer.inFlight() > 0);
                int inFlight = producer.inFlight();
                server.kill();
                producer.awaitStopped();
                System.out.printf("round %d: %d records acknowledged in all, about %d requests in flight at the kill%n",
                        round, acks.count(), inFlight);
                assertThat(producer.failure()).as("the producer stopped because the broker went away").isNotNull();
            }
            server.start();
            checkEveryAcknowledgedRecordIsThere(url, acks);
        }
    }

    private static void checkEveryAcknowledgedRecordIsThere(String url, AckLog acks) {
        assertThat(acks.conflicts()).isEmpty();
        try (RustMqClient client = RustMqClient.connect(url)) {
            for (int p = 0; p < PARTITIONS; p++) {
                acks.checkHeldIn(p, readAll(client, p));
            }
        }
    }

    /** The whole partition, checking that its offsets run 0, 1, 2, ... up to the end offset without a gap. */
    private static Map<Long, String> readAll(RustMqClient client, int partition) {
        assertThat(client.listOffsets(TOPIC, partition, OffsetSpec.EARLIEST)).isZero();
        long end = client.listOffsets(TOPIC, partition, OffsetSpec.LATEST);
        Map<Long, String> log = new TreeMap<>();
        long next = 0;
        while (next < end) {
            FetchResponse fetched = client.fetch(new FetchRequest(TOPIC, partition, next, 1 << 20, 0));
            assertThat(fetched.records()).as("partition %d has records at %d (end %d)", partition, next, end)
                    .isNotEmpty();
            for (ConsumedRecord r : fetched.records()) {
                assertThat(r.offset()).as("partition %d offsets are dense", partition).isEqualTo(next);
                log.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                next++;
            }
        }
        return log;
    }
}
