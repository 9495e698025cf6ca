package dev.rustmq.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Header;
import dev.rustmq.protocol.record.Record;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over quic:// against a real in-process node (self-signed certificate unless configured). */
class QuicClientIT {
    @TempDir
    static Path dir;

    static ClientTestNode node;

    /** Tests trust the broker's generated self-signed certificate blindly. */
    static final ClientOptions TRUST_ALL = ClientOptions.defaults().insecureTrustAll().withMaxFrameBytes(8 << 20);

    @BeforeAll
    static void startNode() {
        // Frames up to 8 MiB so a 4 MiB batch fits.
        node = new ClientTestNode(dir, Map.of("network.max_frame_bytes", Integer.toString(8 << 20),
                "network.max_message_bytes", Integer.toString(6 << 20)));
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        node.close();
    }

    private static Record record(String key, String value, long timestamp, Header... headers) {
        return new Record(timestamp, key == null ? null : key.getBytes(UTF_8),
                value == null ? null : value.getBytes(UTF_8), List.of(headers));
    }

    private static RustMqClientException failure(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RustMqClientException.class);
        return (RustMqClientException) future.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e)
                .join();
    }

    @Test
    void createsTopicsProducesAndFetchesBackEqualRecords() {
        try (RustMqClient client = RustMqClient.connect(node.quicUrl(), TRUST_ALL)) {
            client.createTopic("q-data", 1, 1);
            assertThat(client.listTopics()).anySatisfy(t -> assertThat(t.name()).isEqualTo("q-data"));
            List<Record> sent = List.of(
                    record("k1", "v1", 1_700_000_000_000L, new Header("h", "x".getBytes(UTF_8))),
                    record(null, "no key", 1_700_000_000_001L),
                    record("no value", null, 1_700_000_000_002L, new Header("null-header", null)));
            assertThat(client.produce(new ProduceRequest("q-data", 0, sent, Acks.ALL, 5_000)).baseOffset()).isZero();
            List<Record> zstd = List.of(record("k", "v".repeat(20_000), 1_700_000_000_003L));
            assertThat(client.produce(new ProduceRequest("q-data", 0, zstd, Acks.ALL, 5_000, CompressionType.ZSTD))
                    .baseOffset()).isEqualTo(3);

            List<ConsumedRecord> fetched = new ArrayList<>();
            long offset = 0;
            while (fetched.size() < 4) {
                FetchResponse response = client.fetch(new FetchRequest("q-data", 0, offset, 1 << 20, 5_000));
                fetched.addAll(response.records());
                offset = response.nextOffset();
            }
            List<Record> all = new ArrayList<>(sent);
            all.addAll(zstd);
            assertThat(fetched).extracting(ConsumedRecord::record).containsExactlyElementsOf(all);
            assertThat(fetched).extracting(ConsumedRecord::offset).containsExactly(0L, 1L, 2L, 3L);
            assertThat(client.listOffsets("q-data", 0, OffsetSpec.LATEST)).isEqualTo(4);
        }
    }

    @Test
    void aFourMebibyteBatchComesBackByteIdentical() {
        try (RustMqClient client = RustMqClient.connect(node.quicUrl(), TRUST_ALL)) {
            client.createTopic("q-big", 1, 1);
            byte[] value = new byte[4 << 20];
            new Random(7).nextBytes(value);
            Record big = new Record(1_700_000_000_000L, "big".getBytes(UTF_8), value, List.of());
            assertThat(client.produce(new ProduceRequest("q-big", 0, List.of(big), Acks.ALL, 10_000)).baseOffset())
                    .isZero();
            FetchResponse fetched = client.fetch(new FetchRequest("q-big", 0, 0, 8 << 20, 0));
            assertThat(fetched.records()).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(value);
                assertThat(r.record()).isEqualTo(big);
            });
        }
    }

    @Test
    void fiftyConcurrentRequestsAreEachAnswered() {
        try (RustMqClient client = RustMqClient.connect(node.quicUrl(), TRUST_ALL)) {
            client.createTopic("q-many", 1, 1);
            List<CompletableFuture<ProduceResponse>> produces = new ArrayList<>();
            List<CompletableFuture<?>> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                produces.add(client.produceAsync(new ProduceRequest("q-many", 0,
                        List.of(record("k", "v" + i, i)), Acks.LEADER, 5_000)));
                others.add(client.metadataAsync("q-many"));
            }
            CompletableFuture.allOf(produces.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(produces).extracting(f -> f.join().baseOffset())
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 50).boxed().toList());
            assertThat(client.listOffsets("q-many", 0, OffsetSpec.LATEST)).isEqualTo(50);
        }
    }

    @Test
    void longPollFetchCompletesWhenAnotherClientProduces() {
        try (RustMqClient consumer = RustMqClient.connect(node.quicUrl(), TRUST_ALL);
                RustMqClient producer = RustMqClient.connect(node.url())) {
            consumer.createTopic("q-long-poll", 1, 1);
            CompletableFuture<FetchResponse> poll =
                    consumer.fetchAsync(new FetchRequest("q-long-poll", 0, 0, 1 << 20, 30_000));
            // Other streams are answered while the fetch waits.
            assertThat(consumer.listOffsets("q-long-poll", 0, OffsetSpec.EARLIEST)).isZero();
            assertThat(poll).isNotDone();

            producer.produce(new ProduceRequest("q-long-poll", 0, List.of(record("k", "hello", 1L)), Acks.LEADER,
                    5_000));

            FetchResponse response = poll.orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(response.records()).singleElement()
                    .satisfies(r -> assertThat(new String(r.value(), UTF_8)).isEqualTo("hello"));
        }
    }

    @Test
    void brokerErrorsCarryTheirErrorCode() {
        try (RustMqClient client = RustMqClient.connect(node.quicUrl(), TRUST_ALL)) {
            assertThatThrownBy(() -> client.fetch(new FetchRequest("q-no-such-topic", 0, 0, 1024, 0)))
                    .isInstanceOfSatisfying(RustMqClientException.class,
                            e -> assertThat(e.errorCode().name()).contains("UNKNOWN_TOPIC"));
        }
    }

    @Test
    void anUntrustedCertificateFailsWithAClearError() throws Exception {
        // The JVM's trust store does not know the broker's self-signed certificate.
        assertThatThrownBy(() -> RustMqClient.connect(node.quicUrl()))
                .isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("certification path")
                .hasMessageContaining("trustCertificatePem");
        // Nor does another self-signed certificate.
        SelfSignedCertificate other = SelfSignedCertificate.builder().fqdn("localhost").build();
        try {
            assertThatThrownBy(() -> RustMqClient.connect(node.quicUrl(),
                    ClientOptions.defaults().trustCertificatePem(other.certificate().toPath())))
                    .isInstanceOf(ConnectionLostException.class).hasMessageContaining("TLS handshake failed");
        } finally {
            other.delete();
        }
        assertThatThrownBy(() -> RustMqClient.connect(node.quicUrl(),
                ClientOptions.defaults().trustCertificatePem(dir.resolve("missing.pem"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
    }

    @Test
    void trustsTheConfiguredCertificateForItsHostName(@TempDir Path nodeDir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.builder().fqdn("localhost").build();
        try (ClientTestNode own = new ClientTestNode(nodeDir, Map.of(
                "network.tls_cert_path", cert.certificate().getPath(),
                "network.tls_key_path", cert.privateKey().getPath()));
                RustMqClient client = RustMqClient.connect(own.quicUrl().replace("127.0.0.1", "localhost"),
                        ClientOptions.defaults().trustCertificatePem(cert.certificate().toPath()))) {
            client.createTopic("q-trusted", 1, 1);
            assertThat(client.produce(new ProduceRequest("q-trusted", 0, List.of(record("k", "v", 1L)), Acks.ALL,
                    5_000)).baseOffset()).isZero();
            // The certificate is for localhost, not for 127.0.0.1.
            assertThatThrownBy(() -> RustMqClient.connect(own.quicUrl(),
                    ClientOptions.defaults().trustCertificatePem(cert.certificate().toPath())))
                    .isInstanceOf(ConnectionLostException.class).hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining("names [localhost], IP addresses []) is not for 127.0.0.1");
        } finally {
            cert.delete();
        }
    }

    @Test
    void connectionLossFailsEveryRequestInFlight(@TempDir Path nodeDir) throws Exception {
        ClientTestNode doomed = new ClientTestNode(nodeDir);
        // A short connect timeout: the last request below tries to reconnect to a port nothing answers on.
        try (RustMqClient client = RustMqClient.connect(doomed.quicUrl(),
                ClientOptions.defaults().insecureTrustAll().withConnectTimeout(Duration.ofSeconds(1)))) {
            client.createTopic("q-lost", 1, 1);
            List<CompletableFuture<FetchResponse>> polls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                polls.add(client.fetchAsync(new FetchRequest("q-lost", 0, 0, 1024, 60_000)));
            }
            assertThat(client.listOffsets("q-lost", 0, OffsetSpec.LATEST)).isZero();
            assertThat(polls).noneMatch(CompletableFuture::isDone);

            doomed.close();

            for (CompletableFuture<FetchResponse> poll : polls) {
                RustMqClientException e = failure(poll);
                assertThat(e).isInstanceOf(ConnectionLostException.class).hasMessageContaining("127.0.0.1");
                assertThat(e.retriable()).isTrue();
            }
            assertThatThrownBy(client::listTopics).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("could not connect");
        } finally {
            doomed.close();
        }
    }

    @Test
    void keepAliveOutlastsTheIdleTimeout(@TempDir Path nodeDir) throws Exception {
        try (ClientTestNode shortIdle = new ClientTestNode(nodeDir, Map.of("network.connection_timeout_ms", "1000"));
                RustMqClient client = RustMqClient.connect(shortIdle.quicUrl(),
                        ClientOptions.defaults().insecureTrustAll())) {
            client.createTopic("q-idle", 1, 1);
            // A long poll three times the idle timeout: nothing arrives, the connection stays up.
            FetchResponse response = client.fetch(new FetchRequest("q-idle", 0, 0, 1024, 3_000));
            assertThat(response.records()).isEmpty();
            assertThat(client.listOffsets("q-idle", 0, OffsetSpec.LATEST)).isZero();
        }
    }

    @Test
    void closingTheClientFailsRequestsInFlight() {
        RustMqClient client = RustMqClient.connect(node.quicUrl(), TRUST_ALL);
        client.createTopic("q-close", 1, 1);
        CompletableFuture<FetchResponse> poll = client.fetchAsync(new FetchRequest("q-close", 0, 0, 1024, 60_000));
        assertThat(client.listOffsets("q-close", 0, OffsetSpec.LATEST)).isZero();
        client.close();
        assertThat(failure(poll)).isInstanceOf(ConnectionLostException.class).hasMessageContaining("client closed");
    }
}
