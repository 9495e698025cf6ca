package dev.rustmq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.node.CheckResult;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.message.CreateTopicResponse;
import dev.rustmq.protocol.message.FetchRequest;
import dev.rustmq.protocol.message.FetchResponse;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.message.ProduceResponse;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node's QUIC transport end to end, through a minimal Netty QUIC client (one stream per request). */
class QuicTransportIT {
    @TempDir
    static Path dir;

    static NodeFixture fixture;
    static InetSocketAddress quic;

    @BeforeAll
    static void startNode() {
        // Frames up to 8 MiB so a 4 MiB batch fits; the topic's default message limit follows.
        fixture = new NodeFixture(dir, Map.of("network.max_frame_bytes", Integer.toString(8 << 20),
                "network.max_message_bytes", Integer.toString(6 << 20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.node.quicAddress().isPresent());
        quic = fixture.node.quicAddress().orElseThrow();
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        fixture.close();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static void create(QuicTestClient client, String topic) throws Exception {
        CreateTopicResponse created = client.call(new CreateTopicRequest(topic, 1, 1, Map.of()));
        assertThat(created.errorCode()).as(created.errorMessage()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void listensOnTheSamePortAsTcpAndReadinessReportsBoth() {
        assertThat(quic.getPort()).isEqualTo(fixture.address.getPort());
        CheckResult network = fixture.node.health().network();
        assertThat(network.up()).isTrue();
        assertThat(network.data()).containsKeys("tcp_bound", "quic_bound").containsEntry("quic_certificate",
                "self-signed");
    }

    @Test
    void apiVersionsAndAMultiMegabyteBatchComeBackByteIdentical() throws Exception {
        try (QuicTestClient client = new QuicTestClient(quic)) {
            ApiVersionsResponse versions = client.call(new ApiVersionsRequest());
            assertThat(versions.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(versions.versionToUse(ApiKey.PRODUCE)).isZero();
            assertThat(versions.maxFrameBytes()).isEqualTo(8 << 20);

            create(client, "big");
            byte[] value = new byte[4 << 20];
            new Random(42).nextBytes(value);
            ByteBuffer batch = RecordBatchBuilder.build(0, 0, CompressionType.NONE,
                    List.of(Record.of(null, value, 1_700_000_000_000L)));
            ProduceResponse produced = client.call(new ProduceRequest("big", 0, Acks.ALL, 10_000, batch.duplicate()));
            assertThat(produced.errorCode()).as(produced.errorMessage()).isEqualTo(ErrorCode.NONE);
            assertThat(produced.baseOffset()).isZero();

            FetchResponse fetched = client.call(new FetchRequest("big", 0, 0, 8 << 20, 1, 0));
            assertThat(fetched.errorCode()).as(fetched.errorMessage()).isEqualTo(ErrorCode.NONE);
            assertThat(fetched.highWatermark()).isEqualTo(1);
            assertThat(bytes(fetched.records())).isEqualTo(bytes(batch));
        }
    }

    @Test
    void concurrentStreamsOnOneConnectionAreEachAnswered() throws Exception {
        try (QuicTestClient client = new QuicTestClient(quic)) {
            create(client, "many");
            List<CompletableFuture<ResponseFrame>> responses = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                ByteBuffer batch = RecordBatchBuilder.build(0, 0, CompressionType.NONE,
                        List.of(Record.of(null, ("v" + i).getBytes(StandardCharsets.UTF_8), 1L)));
                responses.add(client.send(i % 2 == 0 ? new ProduceRequest("many", 0, Acks.LEADER, 5_000, batch)
                        : new ApiVersionsRequest()));
            }
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (CompletableFuture<ResponseFrame> r : responses) {
                assertThat(r.join().errorCode()).isEqualTo(ErrorCode.NONE);
            }
            FetchResponse fetched = client.call(new FetchRequest("many", 0, 0, 1 << 20, 1, 0));
            assertThat(fetched.highWatermark()).isEqualTo(16);
        }
    }

    @Test
    void aGarbageOrTruncatedStreamGetsAnErrorWhileOtherStreamsAndConnectionsAreServed() throws Exception {
        try (QuicTestClient bad = new QuicTestClient(quic); QuicTestClient good = new QuicTestClient(quic)) {
            // A length prefix beyond max_frame_bytes: a framing error on that stream only.
            byte[] garbage = {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3};
            ResponseFrame tooLong = QuicTestClient.singleFrame(
                    bad.exchange(ByteBuffer.wrap(garbage), true).get(30, TimeUnit.SECONDS));
            assertThat(tooLong.correlationId()).isEqualTo(Frames.UNKNOWN_CORRELATION_ID);
            assertThat(tooLong.errorCode()).isNotEqualTo(ErrorCode.NONE);

            // A frame cut short by the client's FIN.
            byte[] truncated = {0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 7};
            ResponseFrame cut = QuicTestClient.singleFrame(
                    bad.exchange(ByteBuffer.wrap(truncated), true).get(30, TimeUnit.SECONDS));
            assertThat(cut.correlationId()).isEqualTo(Frames.UNKNOWN_CORRELATION_ID);
            assertThat(cut.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);

            // An unfinished stream stays open; meanwhile the other connection and other streams are served.
            CompletableFuture<byte[]> hanging = bad.exchange(ByteBuffer.wrap(new byte[] {0, 0, 1}), false);
            assertThat(((ApiVersionsResponse) good.call(new ApiVersionsRequest())).errorCode())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(((ApiVersionsResponse) bad.call(new ApiVersionsRequest())).errorCode())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(hanging).isNotDone();
            assertThat(bad.isOpen()).isTrue();
        }
    }
}
