package dev.rustmq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.errors.ErrorCode;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad peers cost only their own connection; limits, idle timeout and back-pressure hold. */
class TcpTransportRobustnessIT {
    @TempDir
    Path dir;

    private static ByteBuffer batch(String value) {
        return RecordBatchBuilder.build(0, 0, CompressionType.NONE,
                List.of(Record.of(null, value.getBytes(StandardCharsets.UTF_8), 1_000L)));
    }

    /** Reads the connection to its end; returns the frames that came before it. */
    private static List<ResponseFrame> drain(TestClient client) {
        List<ResponseFrame> frames = new ArrayList<>();
        ResponseFrame f;
        while ((f = client.nextFrame()) != null) {
            frames.add(f);
        }
        return frames;
    }

    private static void assertServed(TestClient good) {
        ApiVersionsResponse versions = good.call(new ApiVersionsRequest());
        assertThat(versions.errorCode()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void badFramesGetOneErrorAndACloseWhileOtherConnectionsAreServed() throws Exception {
        try (NodeFixture fixture = new NodeFixture(dir, Map.of()); TestClient good = fixture.connect()) {
            assertServed(good);
            record Case(byte[] bytes, ErrorCode expected) {
            }
            List<Case> cases = List.of(
                    new Case(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, ErrorCode.RECORD_TOO_LARGE),
                    new Case(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe}, ErrorCode.INVALID_REQUEST),
                    new Case(new byte[] {0, 0, 0, 3, 1, 2, 3}, ErrorCode.INVALID_REQUEST),
                    new Case("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                            ErrorCode.RECORD_TOO_LARGE),
                    // Claims the whole 16 MiB limit plus one.
                    new Case(new byte[] {0x01, 0, 0, 0x01}, ErrorCode.RECORD_TOO_LARGE));
            for (Case c : cases) {
                try (TestClient bad = fixture.connect()) {
                    bad.writeRaw(c.bytes());
                    List<ResponseFrame> frames = drain(bad);
                    assertThat(frames).hasSize(1);
                    assertThat(frames.get(0).correlationId()).isEqualTo(-1);
                    assertThat(frames.get(0).errorCode()).isEqualTo(c.expected());
                }
                assertServed(good);
            }
            try (TestClient truncated = fixture.connect()) {
                truncated.writeRaw(new byte[] {0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9});
                truncated.shutdownOutput();
                assertThat(drain(truncated)).isEmpty();
            }
            assertServed(good);

            Random random = new Random(20261126L);
            for (int i = 0; i < 150; i++) {
                byte[] garbage = new byte[1 + random.nextInt(i % 10 == 0 ? 20_000 : 300)];
                random.nextBytes(garbage);
                try (TestClient bad = fixture.connect()) {
                    bad.writeRaw(garbage);
                    bad.shutdownOutput();
                    // Either nothing (a frame left incomplete at the end) or answers, the last of
                    // which may be a framing error for correlation id -1; then the server closes.
                    List<ResponseFrame> frames = drain(bad);
                    for (int k = 0; k < frames.size() - 1; k++) {
                        assertThat(frames.get(k).correlationId()).isNotEqualTo(-1);
                    }
                }
                if (i % 10 == 0) {
                    assertServed(good);
                }
            }
            assertServed(good);
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.node.health().network().up()
                    && "1".equals(fixture.node.health().network().data().get("connections")));
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosed() throws Exception {
        try (NodeFixture fixture = new NodeFixture(dir, Map.of("network.max_connections", "2"));
             TestClient first = fixture.connect();
             TestClient second = fixture.connect()) {
            assertServed(first);
            assertServed(second);
            try (TestClient third = fixture.connect()) {
                third.writeRaw(new dev.rustmq.protocol.FrameEncoder(1 << 20).encodeRequest(1, new ApiVersionsRequest()));
                assertThat(drain(third)).isEmpty();
            }
            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (TestClient again = fixture.connect()) {
                    assertServed(again);
                }
            });
            assertServed(second);
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheConnectionTimeout() throws Exception {
        try (NodeFixture fixture = new NodeFixture(dir, Map.of("network.connection_timeout_ms", "300"));
             TestClient idle = fixture.connect()) {
            assertServed(idle);
            assertThat(drain(idle)).isEmpty(); // returns once the server closes it
            try (TestClient fresh = fixture.connect()) {
                assertServed(fresh);
            }
        }
    }

    @Test
    void aConnectionWithMoreRequestsInFlightThanTheLimitIsPausedNotDropped() throws Exception {
        try (NodeFixture fixture = new NodeFixture(dir, Map.of());
             TestClient consumer = fixture.connect();
             TestClient producer = fixture.connect()) {
            CreateTopicResponse created = producer.call(new CreateTopicRequest("waits", 1, 1));
            assertThat(created.errorCode()).isEqualTo(ErrorCode.NONE);
            int requests = 3 * TcpServer.DEFAULT_MAX_IN_FLIGHT;
            List<Integer> fetches = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                fetches.add(consumer.send(new FetchRequest("waits", 0, 0, 1 << 20, 1, 60_000)));
            }
            int versions = consumer.send(new ApiVersionsRequest());
            // The broker holds at most 64 of them; the rest wait in the socket until these finish.
            ProduceResponse produced = producer.call(new ProduceRequest("waits", 0, Acks.LEADER, 5_000,
                    batch("wake up")));
            assertThat(produced.errorCode()).isEqualTo(ErrorCode.NONE);
            for (int id : fetches) {
                FetchResponse fetched = (FetchResponse) consumer.await(id);
                assertThat(fetched.highWatermark()).isEqualTo(1);
            }
            assertThat(((ApiVersionsResponse) consumer.await(versions)).errorCode()).isEqualTo(ErrorCode.NONE);
        }
    }
}
