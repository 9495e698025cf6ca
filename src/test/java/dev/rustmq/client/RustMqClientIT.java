package dev.rustmq.client;

import dev.rustmq.testing.TestNode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ListTopicsResponse;
import dev.rustmq.protocol.message.MetadataResponse;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Header;
import dev.rustmq.protocol.record.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against a real in-process node with the TCP transport. */
class RustMqClientIT {
    @TempDir
    static Path dir;

    static ClientTestNode node;

    @BeforeAll
    static void startNode() {
        node = new ClientTestNode(dir);
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        node.close();
    }

    private static Record record(String key, String value, long timestamp, Header... headers) {
        return new Record(timestamp, key == null ? null : key.getBytes(UTF_8),
                value == null ? null : value.getBytes(UTF_8), List.of(headers));
    }

    /** Fetches until {@code count} records have come back. */
    private static List<ConsumedRecord> fetchAll(RustMqClient client, String topic, long from, int count) {
        List<ConsumedRecord> all = new ArrayList<>();
        long offset = from;
        while (all.size() < count) {
            FetchResponse response = client.fetch(new FetchRequest(topic, 0, offset, 1 << 20, 5_000));
            assertThat(response.records()).as("fetch from %d", offset).isNotEmpty();
            all.addAll(response.records());
            offset = response.nextOffset();
        }
        return all;
    }

    private static RustMqClientException failure(CompletableFuture<?> future) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RustMqClientException.class);
        return (RustMqClientException) future.handle((r, e) -> e.getCause()).join();
    }

    @Test
    void createsListsDescribesAndDeletesTopics() {
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            client.createTopic("admin-topic", 3, 1);

            assertThat(client.listTopics()).contains(new ListTopicsResponse.Topic("admin-topic", 3));
            MetadataResponse metadata = client.metadata("admin-topic");
            assertThat(metadata.brokers()).isNotEmpty();
            assertThat(metadata.topics()).singleElement().satisfies(t -> {
                assertThat(t.errorCode()).isEqualTo(ErrorCode.NONE);
                assertThat(t.partitions()).hasSize(3);
            });

            assertThatThrownBy(() -> client.createTopic("admin-topic", 3, 1))
                    .isInstanceOfSatisfying(RustMqClientException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
                        assertThat(e.retriable()).isFalse();
                    });

            client.deleteTopic("admin-topic");
            assertThat(client.listTopics()).extracting(ListTopicsResponse.Topic::name).doesNotContain("admin-topic");
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producedBatchesComeBackEqualWithDenseOffsets(CompressionType compression) {
        String topic = "data-" + compression.name().toLowerCase();
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            client.createTopic(topic, 1, 1);
            List<List<Record>> batches = List.of(
                    List.of(record("k1", "v1", 1_700_000_000_000L, new Header("h", "x".getBytes(UTF_8))),
                            record(null, "no key", 1_700_000_000_001L),
                            record("no value", null, 1_700_000_000_002L, new Header("null-header", null))),
                    List.of(record("", "", 1_700_000_000_003L)),
                    List.of(record("k", "v".repeat(10_000), 1_700_000_000_004L),
                            record("k", "w".repeat(10_000), 1_700_000_000_005L,
                                    new Header("a", new byte[0]), new Header("b", new byte[] {1, 2}))));
            List<Record> sent = new ArrayList<>();
            for (List<Record> batch : batches) {
                ProduceResponse response = client.produce(new ProduceRequest(topic, 0, batch, Acks.ALL, 5_000,
                        compression));
                assertThat(response.baseOffset()).isEqualTo(sent.size());
                sent.addAll(batch);
            }

            List<ConsumedRecord> fetched = fetchAll(client, topic, 0, sent.size());
            assertThat(fetched).extracting(ConsumedRecord::record).containsExactlyElementsOf(sent);
            assertThat(fetched).extracting(ConsumedRecord::offset)
                    .containsExactlyElementsOf(LongStream.range(0, sent.size()).boxed().toList());

            // From inside a batch: the records before the fetch offset are skipped.
            List<ConsumedRecord> fromTwo = fetchAll(client, topic, 2, sent.size() - 2);
            assertThat(fromTwo.get(0).offset()).isEqualTo(2);
            assertThat(fromTwo.get(0).record()).isEqualTo(sent.get(2));

            assertThat(client.listOffsets(topic, 0, OffsetSpec.EARLIEST)).isZero();
            assertThat(client.listOffsets(topic, 0, OffsetSpec.LATEST)).isEqualTo(sent.size());
        }
    }

    @Test
    void listOffsetsByTimestampFindsTheFirstRecordAtOrAfterTheTime() {
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            client.createTopic("by-time", 1, 1);
            long t = 1_700_000_000_000L;
            client.produce(new ProduceRequest("by-time", 0, List.of(record(null, "a", t), record(null, "b", t + 10)),
                    Acks.ALL, 5_000));
            client.produce(new ProduceRequest("by-time", 0, List.of(record(null, "c", t + 5), record(null, "d", t + 20)),
                    Acks.ALL, 5_000));

            assertThat(client.listOffsets("by-time", 0, OffsetSpec.timestamp(0))).isZero();
            assertThat(client.listOffsets("by-time", 0, OffsetSpec.timestamp(t + 1))).isEqualTo(1);
            assertThat(client.listOffsets("by-time", 0, OffsetSpec.timestamp(t + 11))).isEqualTo(3);
            assertThat(client.listOffsets("by-time", 0, OffsetSpec.timestamp(t + 21))).isEqualTo(-1);
            // A partition nothing was written to has no record at any time.
            client.createTopic("by-time-empty", 1, 1);
            assertThat(client.listOffsets("by-time-empty", 0, OffsetSpec.timestamp(0))).isEqualTo(-1);
        }
        assertThatThrownBy(() -> OffsetSpec.timestamp(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longPollFetchCompletesWhenAnotherClientProduces() {
        try (RustMqClient consumer = RustMqClient.connect(node.url());
                RustMqClient producer = RustMqClient.connect(node.url())) {
            consumer.createTopic("long-poll", 1, 1);
            long latest = consumer.listOffsets("long-poll", 0, OffsetSpec.LATEST);

            CompletableFuture<FetchResponse> poll =
                    consumer.fetchAsync(new FetchRequest("long-poll", 0, latest, 1 << 20, 30_000));
            // A request on the same connection is answered while the fetch waits (out of order).
            assertThat(consumer.listOffsets("long-poll", 0, OffsetSpec.EARLIEST)).isZero();
            assertThat(poll).isNotDone();

            producer.produce(new ProduceRequest("long-poll", 0, List.of(record("k", "hello", 1L)), Acks.LEADER,
                    5_000));

            FetchResponse response = poll.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(response.records()).singleElement().satisfies(r -> {
                assertThat(r.offset()).isEqualTo(latest);
                assertThat(new String(r.value(), UTF_8)).isEqualTo("hello");
            });
        }
    }

    @Test
    void fetchWithNothingNewReturnsEmptyAfterItsTimeout() {
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            client.createTopic("empty-poll", 1, 1);
            FetchResponse response = client.fetch(new FetchRequest("empty-poll", 0, 0, 1 << 20, 50));
            assertThat(response.records()).isEmpty();
            assertThat(response.nextOffset()).isZero();
            assertThat(response.highWatermark()).isZero();
        }
    }

    @Test
    void brokerErrorsCarryTheirErrorCode() {
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            List<Record> one = List.of(record("k", "v", 1L));
            assertThatThrownBy(() -> client.produce(new ProduceRequest("no-such-topic", 0, one, Acks.ALL, 1_000)))
                    .isInstanceOfSatisfying(RustMqClientException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.invalidatesMetadata()).isTrue();
                    });
            RustMqClientException fetchError =
                    failure(client.fetchAsync(new FetchRequest("no-such-topic", 0, 0, 1024, 0)));
            assertThat(fetchError.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(client.metadata("no-such-topic").topics()).singleElement()
                    .satisfies(t -> assertThat(t.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));

            client.createTopic("errors", 1, 1);
            client.produce(new ProduceRequest("errors", 0, one, Acks.LEADER, 1_000));
            assertThatThrownBy(() -> client.fetch(new FetchRequest("errors", 0, 5, 1024, 0)))
                    .isInstanceOfSatisfying(RustMqClientException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
            assertThatThrownBy(() -> client.createTopic("bad name!", 1, 1))
                    .isInstanceOfSatisfying(RustMqClientException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TOPIC_NAME));
            // The connection is still usable after errors.
            assertThat(client.listOffsets("errors", 0, OffsetSpec.LATEST)).isEqualTo(1);
        }
    }

    @Test
    void twoHundredPipelinedProducesOnOneConnectionAreAllAckedWithDenseOffsets() {
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            client.createTopic("pipelined", 1, 1);
            List<CompletableFuture<ProduceResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(client.produceAsync(new ProduceRequest("pipelined", 0,
                        List.of(record("k" + i, "v" + i, i)), Acks.LEADER, 5_000)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

            assertThat(futures).extracting(f -> f.join().baseOffset())
                    .containsExactlyElementsOf(LongStream.range(0, 200).boxed().toList());
            List<ConsumedRecord> fetched = fetchAll(client, "pipelined", 0, 200);
            for (int i = 0; i < 200; i++) {
                assertThat(fetched.get(i).offset()).isEqualTo(i);
                assertThat(new String(fetched.get(i).value(), UTF_8)).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void producesFromManyThreadsShareTheConnection() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RustMqClient client = RustMqClient.connect(node.url())) {
            client.createTopic("many-threads", 1, 1);
            List<CompletableFuture<ProduceResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                futures.add(CompletableFuture.supplyAsync(() -> client.produceAsync(new ProduceRequest(
                        "many-threads", 0, List.of(record(null, "v" + n, n)), Acks.LEADER, 5_000)), pool)
                        .thenCompose(f -> f));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            assertThat(futures).extracting(f -> f.join().baseOffset())
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 100).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestOverTheClientFrameLimitFailsAloneWithRecordTooLarge() {
        try (RustMqClient client = RustMqClient.connect(node.url(),
                ClientOptions.defaults().withMaxFrameBytes(64 * 1024))) {
            client.createTopic("too-large", 1, 1);
            RustMqClientException e = failure(client.produceAsync(new ProduceRequest("too-large", 0,
                    List.of(record("k", "x".repeat(100_000), 1L)), Acks.LEADER, 1_000)));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
            assertThat(e.retriable()).isFalse();
            assertThat(client.produce(new ProduceRequest("too-large", 0, List.of(record("k", "small", 1L)),
                    Acks.LEADER, 1_000)).baseOffset()).isZero();
        }
    }

    @Test
    void connectionLossFailsEveryRequestInFlight() throws Exception {
        try (SilentBroker broker = new SilentBroker(); RustMqClient client = RustMqClient.connect(broker.url())) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                inFlight.add(client.produceAsync(new ProduceRequest("t", 0, List.of(record("k", "v", i)),
                        Acks.ALL, 5_000)));
            }
            inFlight.add(client.fetchAsync(new FetchRequest("t", 0, 0, 1024, 10_000)));
            inFlight.add(client.listTopicsAsync());
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.unansweredRequests() == 7);
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);

            broker.dropConnection();

            for (CompletableFuture<?> future : inFlight) {
                RustMqClientException e = failure(future.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS));
                assertThat(e).isInstanceOf(ConnectionLostException.class).hasMessageContaining("connection to 127.0.0.1");
                assertThat(e.retriable()).isTrue();
            }
            // The next request connects again (and, this broker being silent, waits there).
            CompletableFuture<?> later = client.listTopicsAsync();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.unansweredRequests() == 8);
            assertThat(broker.connections()).isEqualTo(2);
            assertThat(later).isNotDone();
        }
    }

    @Test
    void aClientKeepsWorkingAcrossABrokerRestart(@TempDir Path nodeDir) throws Exception {
        try (RestartableNode broker = new RestartableNode(nodeDir);
                RustMqClient client = RustMqClient.connect(broker.url())) {
            client.createTopic("restarted", 1, 1);
            client.produce(new ProduceRequest("restarted", 0, List.of(record("k", "before", 1)), Acks.ALL, 5_000));

            broker.stop();
            // The request in flight when the connection ends, or the failed attempt to connect again.
            assertThatThrownBy(client::listTopics).isInstanceOf(ConnectionLostException.class);
            broker.start();

            // Within the reconnect back-off (50 ms) a request may still fail fast; after it, one connects.
            ProduceResponse after = await().atMost(Duration.ofSeconds(10))
                    .ignoreException(ConnectionLostException.class)
                    .until(() -> client.produce(new ProduceRequest("restarted", 0, List.of(record("k", "after", 2)),
                            Acks.ALL, 5_000)), r -> true);
            assertThat(after.baseOffset()).isEqualTo(1);
            assertThat(fetchAll(client, "restarted", 0, 2)).extracting(r -> new String(r.value(), UTF_8))
                    .containsExactly("before", "after");
        }
    }

    @Test
    void aFailedReconnectFailsLaterRequestsAtOnceUntilTheBackOffPasses() throws Exception {
        SilentBroker broker = new SilentBroker();
        try (RustMqClient client = RustMqClient.connect(broker.url(),
                ClientOptions.defaults().withReconnectBackoff(Duration.ofHours(1)))) {
            broker.close();
            // Until the client has seen the old connection drop, a call may still fail on it
            // ("connection lost"); the first call after that tries to reconnect and fails.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(client::listTopics)
                    .isInstanceOf(ConnectionLostException.class).hasMessageContaining("could not connect"));
            assertThatThrownBy(client::listTopics).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("could not connect").hasMessageContaining("reconnect back-off");
        }
    }

    @Test
    void aClosedClientDoesNotReconnect() throws Exception {
        try (SilentBroker broker = new SilentBroker()) {
            RustMqClient client = RustMqClient.connect(broker.url());
            client.close();
            assertThatThrownBy(client::listTopics).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("closed");
            assertThat(broker.connections()).isEqualTo(1);
        }
    }

    @Test
    void closingTheClientFailsRequestsInFlight() throws Exception {
        try (SilentBroker broker = new SilentBroker()) {
            RustMqClient client = RustMqClient.connect(broker.url());
            CompletableFuture<?> pending = client.listTopicsAsync();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.unansweredRequests() == 1);
            client.close();
            assertThat(failure(pending)).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("client closed");
        }
    }

    @Test
    void unansweredRequestTimesOutWithRequestTimedOut() throws Exception {
        try (SilentBroker broker = new SilentBroker();
                RustMqClient client = RustMqClient.connect(broker.url(),
                        ClientOptions.defaults().withRequestTimeout(Duration.ofMillis(200)))) {
            assertThatThrownBy(client::listTopics).isInstanceOfSatisfying(RustMqClientException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
                assertThat(e).hasMessageContaining("no response within 200 ms");
            });
        }
    }

    @Test
    void badUrlsAreRejected() {
        assertThatThrownBy(() -> RustMqClient.connect("http://127.0.0.1:9092"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> RustMqClient.connect("tcp:///nohost"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RustMqClient.parseTcpUrl("tcp://localhost").getPort()).isEqualTo(9092);
        assertThat(RustMqClient.parseTcpUrl("tcp://127.0.0.1:1234").getPort()).isEqualTo(1234);
        assertThat(RustMqClient.parseTcpUrl("quic://localhost").getPort()).isEqualTo(9092);
        assertThatThrownBy(() -> RustMqClient.connect("quic://127.0.0.1:9092/path"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path");
    }

    @Test
    void aBootstrapListSkipsABrokerThatDoesNotAnswer() {
        int nothing = TestNode.freePort();
        String list = "tcp://127.0.0.1:" + nothing + "," + node.url().substring("tcp://".length());
        try (RustMqClient client = RustMqClient.connect(list)) {
            assertThat(client.listTopics()).isNotNull();
        }
    }

    @Test
    void connectingToNothingFailsClearly() {
        int port = TestNode.freePort();
        assertThatThrownBy(() -> RustMqClient.connect("tcp://127.0.0.1:" + port))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("could not connect");
    }
}
