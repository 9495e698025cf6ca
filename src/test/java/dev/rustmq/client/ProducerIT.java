package dev.rustmq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.producer.KeyPartitioner;
import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.client.producer.RecordMetadata;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Header;
import dev.rustmq.protocol.record.RecordBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batching producer against a real in-process node. */
class ProducerIT {
    @TempDir
    static Path dir;

    static ClientTestNode node;
    static RustMqClient client;

    @BeforeAll
    static void startNode() {
        node = new ClientTestNode(dir);
        client = RustMqClient.connect(node.url());
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        client.close();
        node.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** Every record of a partition, from offset 0. */
    static List<ConsumedRecord> readAll(RustMqClient client, String topic, int partition) {
        List<ConsumedRecord> all = new ArrayList<>();
        long end = client.listOffsets(topic, partition, OffsetSpec.LATEST);
        long offset = 0;
        while (offset < end) {
            FetchResponse response = client.fetch(new FetchRequest(topic, partition, offset, 1 << 20, 0));
            all.addAll(response.records());
            offset = response.nextOffset();
        }
        return all;
    }

    private static String value(ConsumedRecord r) {
        return new String(r.value(), UTF_8);
    }

    private static RustMqClientException failure(CompletableFuture<?> future) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RustMqClientException.class);
        return (RustMqClientException) future.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e)
                .join();
    }

    @Test
    void recordsComeBackWithTheirKeyValueHeadersTimestampAndOffset() {
        client.createTopic("p-roundtrip", 1, 1);
        try (Producer producer = new Producer(client, ProducerConfig.builder()
                .compressionType(CompressionType.LZ4).build())) {
            RecordMetadata first = producer.send(new ProducerRecord("p-roundtrip", null, 1_700_000_000_123L,
                    bytes("k"), bytes("v"), List.of(new Header("h", bytes("x"))))).join();
            RecordMetadata second = producer.send(new ProducerRecord("p-roundtrip", bytes("second"))).join();
            assertThat(first).isEqualTo(new RecordMetadata("p-roundtrip", 0, 0, 1_700_000_000_123L));
            assertThat(second.offset()).isEqualTo(1);
            assertThat(second.timestamp()).isPositive();
        }
        List<ConsumedRecord> stored = readAll(client, "p-roundtrip", 0);
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).key()).isEqualTo(bytes("k"));
        assertThat(stored.get(0).headers()).containsExactly(new Header("h", bytes("x")));
        assertThat(stored.get(0).timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(stored.get(1).key()).isNull();
    }

    @Test
    void withAcksZeroTheOffsetIsUnknown() {
        client.createTopic("p-acks0", 1, 1);
        try (Producer producer = new Producer(client, ProducerConfig.builder().acks(Acks.NONE).build())) {
            RecordMetadata metadata = producer.send(new ProducerRecord("p-acks0", bytes("fire and forget"))).join();
            assertThat(metadata.hasOffset()).isFalse();
            assertThat(metadata.offset()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> readAll(client, "p-acks0", 0).size() == 1);
    }

    @Test
    void newPartitionsAreFoundWhenTheMetadataIsOlderThanItsMaxAge() {
        client.createTopic("p-grow", 1, 1);
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(0)
                .metadataMaxAgeMs(0).build())) {
            assertThat(producer.send(new ProducerRecord("p-grow", bytes("one partition"))).join().partition())
                    .isZero();
            node.node.admin().updateTopic("p-grow", new TopicUpdate(3, null, null, null, null, null));
            // Stale at once (max age 0): looked up again in the background; keyless records then spread.
            await().atMost(Duration.ofSeconds(30)).until(() -> producer.send(new ProducerRecord("p-grow",
                    bytes("more"))).join().partition() == 2);
        }
    }

    @Test
    void aTopicDeletedUnderTheProducerFailsItsRecordsOnceMetadataAgrees() {
        client.createTopic("p-deleted", 1, 1);
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(0).build())) {
            producer.send(new ProducerRecord("p-deleted", bytes("before"))).join();
            client.deleteTopic("p-deleted");
            // The producer still believes in the topic; the broker says no, fresh metadata agrees: it fails.
            RustMqClientException e = failure(producer.send(new ProducerRecord("p-deleted", bytes("after"))));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(e).hasMessageContaining("does not exist");
        }
    }

    @Test
    void theProducerWorksOverQuicToo() {
        client.createTopic("p-quic", 2, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer producer = Producer.connect(node.quicUrl(), ProducerConfig.defaults(),
                ClientOptions.defaults().insecureTrustAll())) {
            for (int i = 0; i < 2_000; i++) {
                futures.add(producer.send(new ProducerRecord("p-quic", i % 2, null, bytes("v" + i))));
            }
        }
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        for (int p = 0; p < 2; p++) {
            List<Integer> indexes = readAll(client, "p-quic", p).stream()
                    .map(r -> Integer.parseInt(value(r).substring(1))).toList();
            assertThat(indexes).hasSize(1_000).isSorted();
        }
    }

    @Test
    void aKeyAlwaysLandsOnItsKafkaPartition() {
        client.createTopic("p-keys", 6, 1);
        Map<String, List<RecordMetadata>> byKey = new HashMap<>();
        try (Producer producer = new Producer(client, ProducerConfig.defaults())) {
            Map<String, List<CompletableFuture<RecordMetadata>>> futures = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                String key = "customer-" + (i % 10);
                futures.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(producer.send(new ProducerRecord("p-keys", bytes(key), bytes(key + "/" + i))));
            }
            producer.flush();
            futures.forEach((key, list) -> byKey.put(key, list.stream().map(CompletableFuture::join).toList()));
        }
        byKey.forEach((key, metadata) -> {
            int expected = KeyPartitioner.partition(bytes(key), 6);
            assertThat(metadata).extracting(RecordMetadata::partition).containsOnly(expected);
            assertThat(readAll(client, "p-keys", expected)).extracting(ProducerIT::value)
                    .filteredOn(v -> v.startsWith(key + "/")).hasSize(30);
        });
    }

    @Test
    void manyConcurrentSendersKeepTheirOrderWithinEachPartition() throws Exception {
        client.createTopic("p-order", 4, 1);
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(1).batchSize(2_048)
                .build())) {
            List<Future<List<RecordMetadata>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "sender-" + t;
                results.add(pool.submit(() -> {
                    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        sent.add(producer.send(new ProducerRecord("p-order", bytes(key), bytes(key + "/" + i))));
                    }
                    return sent.stream().map(CompletableFuture::join).toList();
                }));
            }
            for (Future<List<RecordMetadata>> result : results) {
                // Each sender's records went to one partition, at rising offsets.
                List<RecordMetadata> metadata = result.get();
                assertThat(metadata).extracting(RecordMetadata::partition).containsOnly(metadata.get(0).partition());
                assertThat(metadata).extracting(RecordMetadata::offset).isSorted().doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            for (ConsumedRecord r : readAll(client, "p-order", p)) {
                String[] parts = value(r).split("/");
                sequences.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }
        assertThat(sequences).hasSize(threads);
        List<Integer> expected = java.util.stream.IntStream.range(0, perThread).boxed().toList();
        sequences.values().forEach(seq -> assertThat(seq).isEqualTo(expected));
    }

    @Test
    void lingerGathersManyRecordsIntoFewBatches() {
        client.createTopic("p-linger", 1, 1);
        int count = 1_000;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(60_000).batchSize(4_096)
                .build())) {
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord("p-linger", bytes("record-" + i))));
            }
            // Full batches go at once; the last, partly filled one waits for linger.ms (a minute).
            await().atMost(Duration.ofSeconds(30)).until(() -> futures.get(0).isDone());
            assertThat(futures.get(count - 1)).isNotDone();
            producer.flush();
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(producer.metrics().recordsSent()).isEqualTo(count);
        }
        List<RecordBatch> batches = StoredBatches.of(node.address, "p-linger", 0);
        int records = batches.stream().mapToInt(RecordBatch::recordCount).sum();
        assertThat(records).isEqualTo(count);
        // Full batches (those queued behind a request in flight travel together), then the lingering rest.
        assertThat(batches).hasSizeBetween(2, 6);
    }

    @Test
    void aRetriableErrorIsRetriedUntilItClears() {
        // acks=all with fewer in-sync replicas (1) than required (2): NOT_ENOUGH_REPLICAS, retriable.
        client.createTopic("p-retry", 1, 1, Map.of("min_in_sync_replicas", "2"));
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(0).retryBackoffMs(10)
                .retryBackoffMaxMs(50).build())) {
            CompletableFuture<RecordMetadata> future = producer.send(new ProducerRecord("p-retry", bytes("patient")));
            await().atMost(Duration.ofSeconds(30)).until(() -> producer.metrics().recordsRetried() >= 3);
            assertThat(future).isNotDone();

            node.node.admin().updateTopic("p-retry", new TopicUpdate(null, null, null, null, null,
                    Map.of("min_in_sync_replicas", "1")));

            assertThat(future.join().offset()).isZero();
            assertThat(producer.metrics().recordsSent()).isEqualTo(1);
            assertThat(producer.metrics().recordsFailed()).isZero();
        }
        assertThat(readAll(client, "p-retry", 0)).extracting(ProducerIT::value).containsExactly("patient");
    }

    @Test
    void retriesEndWithTheLastErrorOrTheDeliveryTimeout() {
        client.createTopic("p-give-up", 1, 1, Map.of("min_in_sync_replicas", "2"));
        try (Producer noRetries = new Producer(client, ProducerConfig.builder().retries(0).build())) {
            RustMqClientException e = failure(noRetries.send(new ProducerRecord("p-give-up", bytes("x"))));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS);
            assertThat(noRetries.metrics().recordsFailed()).isEqualTo(1);
        }
        try (Producer bounded = new Producer(client, ProducerConfig.builder().lingerMs(0).requestTimeoutMs(200)
                .deliveryTimeoutMs(500).retryBackoffMs(20).build())) {
            RustMqClientException e = failure(bounded.send(new ProducerRecord("p-give-up", bytes("x"))));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
            assertThat(e).hasMessageContaining("delivery.timeout.ms 500").hasMessageContaining("NOT_ENOUGH_REPLICAS");
            assertThat(bounded.metrics().recordsRetried()).isPositive();
        }
    }

    @Test
    void aNonRetriableErrorFailsOnlyItsRecord() {
        // The broker refuses batches over 2 KiB; the producer's batches are up to 64 KiB.
        client.createTopic("p-too-large", 1, 1, Map.of("max_message_bytes", "2048"));
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(60_000).batchSize(65_536)
                .build())) {
            List<CompletableFuture<RecordMetadata>> before = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                before.add(producer.send(new ProducerRecord("p-too-large", bytes("small-" + i))));
            }
            CompletableFuture<RecordMetadata> large = producer.send(new ProducerRecord("p-too-large",
                    bytes("L".repeat(3_000))));
            List<CompletableFuture<RecordMetadata>> after = new ArrayList<>();
            for (int i = 10; i < 20; i++) {
                after.add(producer.send(new ProducerRecord("p-too-large", bytes("small-" + i))));
            }
            CompletableFuture<RecordMetadata> noSuchPartition = producer.send(new ProducerRecord("p-too-large", 7,
                    null, bytes("nowhere")));
            CompletableFuture<RecordMetadata> noSuchTopic = producer.send(new ProducerRecord("p-missing",
                    bytes("nowhere")));
            producer.flush();

            assertThat(failure(large).errorCode()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
            assertThat(failure(noSuchPartition).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(failure(noSuchPartition)).hasMessageContaining("partition 7").hasMessageContaining("has 1");
            assertThat(failure(noSuchTopic).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            List<CompletableFuture<RecordMetadata>> smalls = new ArrayList<>(before);
            smalls.addAll(after);
            assertThat(smalls).extracting(f -> f.join().offset()).isSorted().doesNotHaveDuplicates();
            assertThat(producer.metrics().recordsFailed()).isEqualTo(3);
        }
        List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "small-" + i).toList();
        assertThat(readAll(client, "p-too-large", 0)).extracting(ProducerIT::value).isEqualTo(expected);
    }

    @Test
    void closeSendsEverythingQueuedFirst() {
        client.createTopic("p-close", 3, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(60_000).acks(Acks.LEADER).build());
        for (int i = 0; i < 500; i++) {
            futures.add(producer.send(new ProducerRecord("p-close", bytes("v" + i))));
        }
        producer.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> producer.send(new ProducerRecord("p-close", bytes("late"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        int stored = 0;
        for (int p = 0; p < 3; p++) {
            stored += readAll(client, "p-close", p).size();
        }
        assertThat(stored).isEqualTo(500);
        // The producer was given the client: it leaves it open.
        assertThat(client.listTopics()).isNotEmpty();
    }

    @Test
    void aCloseThatCannotWaitFailsWhatIsLeftAndLeavesNothingHanging() {
        client.createTopic("p-close-now", 1, 1, Map.of("min_in_sync_replicas", "2")); // nothing can succeed
        Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(0).build());
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(producer.send(new ProducerRecord("p-close-now", bytes("v" + i))));
        }
        producer.close(Duration.ZERO);
        assertThat(futures).allSatisfy(f -> assertThat(failure(f)).hasMessageContaining("closed before"));
    }

    @Test
    void keylessRecordsFillOnePartitionsBatchAtATimeAndReachEveryPartition() {
        client.createTopic("p-sticky", 3, 1);
        try (Producer producer = new Producer(client, ProducerConfig.builder().lingerMs(60_000).batchSize(1_024)
                .build())) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                futures.add(producer.send(new ProducerRecord("p-sticky", bytes("value-" + i))));
            }
            producer.flush();
            assertThat(futures).extracting(f -> f.join().partition()).contains(0, 1, 2);
        }
        for (int p = 0; p < 3; p++) {
            // Each batch (but each partition's last) was filled before the next partition's turn.
            List<RecordBatch> batches = StoredBatches.of(node.address, "p-sticky", p);
            assertThat(batches).isNotEmpty();
            assertThat(batches.subList(0, batches.size() - 1)).allSatisfy(b -> assertThat(b.recordCount()).isGreaterThan(20));
        }
    }
}
