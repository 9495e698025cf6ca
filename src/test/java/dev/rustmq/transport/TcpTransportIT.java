package dev.rustmq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.message.CreateTopicResponse;
import dev.rustmq.protocol.message.DeleteTopicRequest;
import dev.rustmq.protocol.message.DeleteTopicResponse;
import dev.rustmq.protocol.message.FetchRequest;
import dev.rustmq.protocol.message.FetchResponse;
import dev.rustmq.protocol.message.ListOffsetsRequest;
import dev.rustmq.protocol.message.ListOffsetsResponse;
import dev.rustmq.protocol.message.ListTopicsRequest;
import dev.rustmq.protocol.message.ListTopicsResponse;
import dev.rustmq.protocol.message.MetadataRequest;
import dev.rustmq.protocol.message.MetadataResponse;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.message.ProduceResponse;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node's TCP transport end to end, through a plain-socket client of the binary protocol. */
class TcpTransportIT {
    @TempDir
    static Path dir;

    static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = new NodeFixture(dir, Map.of());
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        fixture.close();
    }

    private static ByteBuffer batch(long baseOffset, int leaderEpoch, String... values) {
        List<Record> records = new ArrayList<>();
        for (String v : values) {
            records.add(Record.of(null, v.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L));
        }
        return RecordBatchBuilder.build(baseOffset, leaderEpoch, CompressionType.NONE, records);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static void create(TestClient client, String topic, int partitions, Map<String, String> configs) {
        CreateTopicResponse created = client.call(new CreateTopicRequest(topic, partitions, 1, configs));
        assertThat(created.errorCode()).as(created.errorMessage()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void producedBatchesComeBackByteIdenticalAndMetadataDescribesThem() {
        try (TestClient client = fixture.connect()) {
            ApiVersionsResponse versions = client.call(new ApiVersionsRequest());
            assertThat(versions.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(versions.versionToUse(ApiKey.PRODUCE)).isZero();
            assertThat(versions.maxFrameBytes()).isEqualTo(16 << 20);

            create(client, "orders", 2, Map.of("compression", "Lz4", "retention_ms", "60000"));
            MetadataResponse metadata = client.call(new MetadataRequest(List.of("orders", "missing")));
            assertThat(metadata.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(metadata.controllerId()).isZero();
            assertThat(metadata.brokers()).containsExactly(new MetadataResponse.Broker(0, "127.0.0.1",
                    fixture.address.getPort(), "default"));
            MetadataResponse.Topic orders = metadata.topics().get(0);
            assertThat(orders.name()).isEqualTo("orders");
            assertThat(orders.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(orders.partitions()).hasSize(2).allSatisfy(p -> {
                assertThat(p.leaderId()).isZero();
                assertThat(p.replicas()).containsExactly(0);
                assertThat(p.isr()).containsExactly(0);
            });
            assertThat(metadata.topics().get(1).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            int epoch = orders.partitions().get(1).leaderEpoch();

            // Built with the offsets and epoch the broker will stamp, so the stored bytes are these bytes.
            ByteBuffer first = batch(0, epoch, "a", "b");
            ByteBuffer second = batch(2, epoch, "c");
            ProduceResponse p1 = client.call(new ProduceRequest("orders", 1, Acks.ALL, 5_000, first.duplicate()));
            ProduceResponse p2 = client.call(new ProduceRequest("orders", 1, Acks.ALL, 5_000, second.duplicate()));
            assertThat(p1.errorCode()).as(p1.errorMessage()).isEqualTo(ErrorCode.NONE);
            assertThat(p1.baseOffset()).isZero();
            assertThat(p2.baseOffset()).isEqualTo(2);

            FetchResponse fetched = client.call(new FetchRequest("orders", 1, 0, 1 << 20, 1, 0));
            assertThat(fetched.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(fetched.highWatermark()).isEqualTo(3);
            assertThat(fetched.logStartOffset()).isZero();
            ByteBuffer expected = ByteBuffer.allocate(first.remaining() + second.remaining());
            expected.put(first.duplicate()).put(second.duplicate()).flip();
            assertThat(bytes(fetched.records())).isEqualTo(bytes(expected));

            ListOffsetsResponse earliest = client.call(new ListOffsetsRequest("orders", 1, ListOffsetsRequest.EARLIEST));
            ListOffsetsResponse latest = client.call(new ListOffsetsRequest("orders", 1, ListOffsetsRequest.LATEST));
            ListOffsetsResponse empty = client.call(new ListOffsetsRequest("orders", 0, ListOffsetsRequest.LATEST));
            ListOffsetsResponse byTime = client.call(new ListOffsetsRequest("orders", 1, 1_000));
            ListOffsetsResponse tooLate = client.call(new ListOffsetsRequest("orders", 1, Long.MAX_VALUE));
            assertThat(earliest.offset()).isZero();
            assertThat(latest.offset()).isEqualTo(3);
            assertThat(empty.offset()).isZero();
            assertThat(byTime.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(byTime.offset()).isZero();
            assertThat(byTime.timestamp()).isEqualTo(RecordBatch.wrap(first.duplicate()).records().get(0).timestamp());
            assertThat(tooLate.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(tooLate.offset()).isEqualTo(ListOffsetsResponse.UNKNOWN);

            ListTopicsResponse listed = client.call(new ListTopicsRequest());
            assertThat(listed.topics()).contains(new ListTopicsResponse.Topic("orders", 2));
        }
    }

    @Test
    void severalBatchesInOneProduceAreAppendedInOrder() {
        try (TestClient client = fixture.connect()) {
            create(client, "multi", 1, Map.of());
            ByteBuffer records = ByteBuffer.allocate(4096);
            records.put(batch(0, 0, "x", "y")).put(batch(2, 0, "z")).flip();
            ProduceResponse produced = client.call(new ProduceRequest("multi", 0, Acks.LEADER, 5_000, records));
            assertThat(produced.baseOffset()).isZero();
            FetchResponse fetched = client.call(new FetchRequest("multi", 0, 0, 1 << 20, 1, 0));
            assertThat(fetched.highWatermark()).isEqualTo(3);
        }
    }

    @Test
    void aLongPollingFetchWakesOnProduceAndLetsLaterRequestsOvertakeIt() {
        try (TestClient client = fixture.connect()) {
            create(client, "events", 1, Map.of());
            int fetch = client.send(new FetchRequest("events", 0, 0, 1 << 20, 1, 60_000));
            int versions = client.send(new ApiVersionsRequest());
            // Answered first although sent second: the parked fetch does not hold up the connection.
            assertThat(client.nextFrame().correlationId()).isEqualTo(versions);
            int produce = client.send(new ProduceRequest("events", 0, Acks.LEADER, 5_000, batch(0, 0, "hello")));
            assertThat(((ProduceResponse) client.await(produce)).errorCode()).isEqualTo(ErrorCode.NONE);
            FetchResponse fetched = (FetchResponse) client.await(fetch);
            assertThat(fetched.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(fetched.highWatermark()).isEqualTo(1);
            assertThat(bytes(fetched.records())).isEqualTo(bytes(batch(0, 0, "hello")));
        }
    }

    @Test
    void apiErrorsComeBackInTheResponseAndTheConnectionStaysUsable() {
        try (TestClient client = fixture.connect()) {
            ProduceResponse unknown = client.call(new ProduceRequest("nope", 0, Acks.LEADER, 5_000, batch(0, 0, "x")));
            assertThat(unknown.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            FetchResponse unknownFetch = client.call(new FetchRequest("nope", 0, 0, 100, 0, 0));
            assertThat(unknownFetch.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

            create(client, "strict", 1, Map.of("min_in_sync_replicas", "2"));
            ProduceResponse strict = client.call(new ProduceRequest("strict", 0, Acks.ALL, 5_000, batch(0, 0, "x")));
            assertThat(strict.errorCode()).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS);
            assertThat(strict.errorMessage()).contains("nothing was written");
            ListOffsetsResponse latest = client.call(new ListOffsetsRequest("strict", 0, ListOffsetsRequest.LATEST));
            assertThat(latest.offset()).isZero();

            CreateTopicResponse again = client.call(new CreateTopicRequest("strict", 1, 1));
            assertThat(again.errorCode()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
            CreateTopicResponse badConfig = client.call(new CreateTopicRequest("bad", 1, 1, Map.of("colour", "red")));
            assertThat(badConfig.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);

            ByteBuffer corrupt = batch(0, 0, "ok");
            corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
            create(client, "fragile", 1, Map.of());
            ProduceResponse corrupted = client.call(new ProduceRequest("fragile", 0, Acks.LEADER, 5_000, corrupt));
            assertThat(corrupted.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);

            DeleteTopicResponse deleted = client.call(new DeleteTopicRequest("fragile"));
            assertThat(deleted.errorCode()).isEqualTo(ErrorCode.NONE);
            DeleteTopicResponse missing = client.call(new DeleteTopicRequest("fragile"));
            assertThat(missing.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            ProduceResponse afterDelete = client.call(new ProduceRequest("fragile", 0, Acks.LEADER, 5_000,
                    batch(0, 0, "x")));
            assertThat(afterDelete.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

            assertThat(((ApiVersionsResponse) client.call(new ApiVersionsRequest())).errorCode())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void unsupportedApisAndMalformedBodiesGetAFrameErrorWithTheirCorrelationId() {
        try (TestClient client = fixture.connect()) {
            client.writeRaw(new dev.rustmq.protocol.FrameEncoder(1 << 20)
                    .encodeRawRequest((short) 99, (short) 0, 4242, ByteBuffer.allocate(0)));
            var unknownApi = client.nextFrame();
            assertThat(unknownApi.correlationId()).isEqualTo(4242);
            assertThat(unknownApi.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);

            client.writeRaw(new dev.rustmq.protocol.FrameEncoder(1 << 20)
                    .encodeRawRequest(ApiKey.FETCH.id(), (short) 0, 4243, ByteBuffer.wrap(new byte[] {0, 5, 1})));
            var malformed = client.nextFrame();
            assertThat(malformed.correlationId()).isEqualTo(4243);
            assertThat(malformed.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);

            ApiVersionsResponse still = client.call(new ApiVersionsRequest());
            assertThat(still.errorCode()).isEqualTo(ErrorCode.NONE);
        }
    }
}
