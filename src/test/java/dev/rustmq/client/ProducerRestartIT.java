package dev.rustmq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.client.producer.RecordMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A producer that outlives a broker restart: it reconnects, retries, and loses nothing it acknowledged. */
class ProducerRestartIT {
    @TempDir
    Path dir;

    @Test
    void aProducerKeepsGoingAcrossABrokerRestartAndEveryAcknowledgedRecordIsStored() throws Exception {
        int partitions = 3;
        try (RestartableNode broker = new RestartableNode(dir);
                RustMqClient client = RustMqClient.connect(broker.url())) {
            client.createTopic("restart", partitions, 1);
            List<CompletableFuture<RecordMetadata>> sent = new CopyOnWriteArrayList<>();
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService sending = Executors.newSingleThreadExecutor();
            try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(2).batchSize(1_024)
                    .requestTimeoutMs(5_000).deliveryTimeoutMs(60_000).retryBackoffMs(20).retryBackoffMaxMs(200)
                    .build())) {
                Future<?> sender = sending.submit(() -> {
                    for (int i = 0; !stop.get() || i < 3_000; i++) {
                        sent.add(producer.send(new ProducerRecord("restart", ("key-" + i % 7).getBytes(UTF_8),
                                ("value-" + i).getBytes(UTF_8))).whenComplete((m, e) -> acknowledged.incrementAndGet()));
                        if (i % 100 == 99) {
                            sent.get(i - 50).join(); // at most ~100 records ahead of the broker
                        }
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 500);
                broker.stop();
                // Batches in flight lost their connection, later ones cannot connect: all are retried.
                await().atMost(Duration.ofSeconds(30)).until(() -> producer.metrics().recordsRetried() > 0);
                broker.start();
                stop.set(true);
                sender.get();
                producer.flush();
                assertThat(producer.metrics().recordsFailed()).isZero();
            } finally {
                sending.shutdownNow();
            }

            // Every record was acknowledged, and its offset holds it. Per key, first copies are in send order
            // (a batch whose answer was lost may be stored twice: retries are at least once).
            Map<Integer, List<ConsumedRecord>> stored = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                stored.put(p, ProducerIT.readAll(client, "restart", p));
            }
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata metadata = sent.get(i).join();
                List<ConsumedRecord> log = stored.get(metadata.partition());
                assertThat(log.size()).isGreaterThan((int) metadata.offset());
                assertThat(new String(log.get((int) metadata.offset()).value(), UTF_8)).isEqualTo("value-" + i);
            }
            Map<String, List<Integer>> firstSeenPerKey = new HashMap<>();
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (List<ConsumedRecord> log : stored.values()) {
                for (ConsumedRecord r : log) {
                    int i = Integer.parseInt(new String(r.value(), UTF_8).substring("value-".length()));
                    if (seen.add(i)) {
                        firstSeenPerKey.computeIfAbsent(new String(r.key(), UTF_8), k -> new ArrayList<>()).add(i);
                    }
                }
            }
            assertThat(seen).hasSize(sent.size());
            firstSeenPerKey.values().forEach(indexes -> assertThat(indexes).isSorted());
        }
    }
}
