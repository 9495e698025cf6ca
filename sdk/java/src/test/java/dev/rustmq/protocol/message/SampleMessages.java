package dev.rustmq.protocol.message;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Requests and responses of every api, with edge values (nulls, empties, extremes, non-ASCII). */
public final class SampleMessages {
    private SampleMessages() {
    }

    public static final String UNICODE = "t\u00e9st-\u4e3b\u984c-\uD83D\uDE80";

    public static ByteBuffer batch(String... values) {
        List<Record> records = new ArrayList<>();
        long ts = 1_700_000_000_000L;
        for (String v : values) {
            records.add(Record.of("k".getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8), ts++));
        }
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE, records);
    }

    public static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            all.put(p.duplicate());
        }
        return all.flip();
    }

    public static ByteBuffer randomBlob(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    public static List<RequestMessage> requests() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("max_message_bytes", "1048576");
        configs.put("compression", "Lz4");
        configs.put("", "");
        return List.of(
                new ApiVersionsRequest(),
                MetadataRequest.allTopics(),
                new MetadataRequest(List.of()),
                new MetadataRequest(List.of("orders", UNICODE, "")),
                new ProduceRequest("orders", 3, Acks.ALL, 5000, batch("a", "b", "c")),
                new ProduceRequest("orders", 0, Acks.LEADER, 0, concat(batch("x"), batch("y", "z"))),
                new ProduceRequest("", Integer.MAX_VALUE, Acks.NONE, Integer.MAX_VALUE, ByteBuffer.allocate(0)),
                new FetchRequest("orders", 3, 42L, 1 << 20, 1, 500),
                new FetchRequest(UNICODE, -1, Long.MIN_VALUE, 0, 0, 0),
                new FetchRequest("t", 0, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE),
                new ListOffsetsRequest("orders", 1, ListOffsetsRequest.EARLIEST),
                new ListOffsetsRequest("orders", 1, ListOffsetsRequest.LATEST),
                new ListOffsetsRequest("orders", 1, 1_700_000_000_123L),
                new ListOffsetsRequest("orders", 1, Long.MAX_VALUE),
                new CreateTopicRequest("orders", 12, 3),
                new CreateTopicRequest(UNICODE, CreateTopicRequest.DEFAULT, CreateTopicRequest.DEFAULT, configs),
                new DeleteTopicRequest("orders"),
                new DeleteTopicRequest(""),
                new ListTopicsRequest(),
                new ControllerRequest("heartbeat", "{\"broker\":\"b1\"}"),
                new ControllerRequest(UNICODE, "\"" + UNICODE + "\""),
                new ReplicaFetchRequest("b2", 500, List.of(
                        new ReplicaFetchRequest.Partition("orders", 0, 3, 1_000, 2, 1 << 20),
                        new ReplicaFetchRequest.Partition(UNICODE, 7, 0, 0, -1, 0))),
                new ReplicaFetchRequest("b3", 0, List.of()),
                new InitProducerIdRequest());
    }

    public static List<ResponseMessage> responses() {
        MetadataResponse.Partition p0 = new MetadataResponse.Partition(0, ErrorCode.NONE, 1, 7, List.of(1, 2, 3),
                List.of(1, 3));
        MetadataResponse.Partition p1 = new MetadataResponse.Partition(1, ErrorCode.LEADER_NOT_AVAILABLE,
                MetadataResponse.NO_NODE, -1, List.of(2), List.of());
        return List.of(
                ApiVersionsResponse.ofThisBroker(16 * 1024 * 1024),
                new ApiVersionsResponse(ErrorCode.NONE, null,
                        List.of(new ApiVersionsResponse.ApiVersion((short) 99, (short) 0, (short) 5)), 0),
                new ApiVersionsResponse(ErrorCode.UNSUPPORTED_VERSION, "nope", List.of(), -1),
                new MetadataResponse(ErrorCode.NONE, null, 1,
                        List.of(new MetadataResponse.Broker(1, "broker-1.example", 9092, "us-east-1a"),
                                new MetadataResponse.Broker(2, "10.0.0.2", 65535, null),
                                new MetadataResponse.Broker(3, "", 0, "")),
                        List.of(new MetadataResponse.Topic("orders", ErrorCode.NONE, null, List.of(p0, p1)),
                                new MetadataResponse.Topic("gone", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                                        "topic \"gone\" does not exist", List.of()),
                                new MetadataResponse.Topic(UNICODE, ErrorCode.NONE, "", List.of()))),
                MetadataResponse.error(ErrorCode.METADATA_STORE_UNAVAILABLE, "store down"),
                new MetadataResponse(ErrorCode.NONE, null, MetadataResponse.NO_NODE, List.of(), List.of()),
                ProduceResponse.success(1234L, 1_700_000_000_000L),
                ProduceResponse.success(0L, ProduceResponse.UNKNOWN),
                ProduceResponse.error(ErrorCode.NOT_ENOUGH_REPLICAS, "1 in-sync replica, min_in_sync_replicas is 2"),
                ProduceResponse.error(ErrorCode.NOT_LEADER, ""),
                new ProduceResponse(ErrorCode.UNKNOWN_SERVER_ERROR, UNICODE, Long.MIN_VALUE, Long.MAX_VALUE),
                FetchResponse.success(100L, 0L, concat(batch("a"), batch("b", "c"))),
                FetchResponse.success(0L, 0L, ByteBuffer.allocate(0)),
                FetchResponse.error(ErrorCode.OFFSET_OUT_OF_RANGE, "offset 7 is below the log start 10"),
                ListOffsetsResponse.success(42L, 1_700_000_000_000L),
                ListOffsetsResponse.success(-1L, -1L),
                ListOffsetsResponse.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null),
                CreateTopicResponse.success(),
                new CreateTopicResponse(ErrorCode.TOPIC_ALREADY_EXISTS, "topic \"orders\" already exists"),
                DeleteTopicResponse.success(),
                new DeleteTopicResponse(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ""),
                ListTopicsResponse.success(List.of(new ListTopicsResponse.Topic("a", 1),
                        new ListTopicsResponse.Topic(UNICODE, 10_000))),
                ListTopicsResponse.success(List.of()),
                ListTopicsResponse.error(ErrorCode.NOT_CONTROLLER, "ask broker 2"),
                ControllerResponse.success("{\"registered\":true}"),
                ControllerResponse.error(ErrorCode.NOT_CONTROLLER, "controller c1 is a standby"),
                ReplicaFetchResponse.success(List.of(
                        new ReplicaFetchResponse.Partition("orders", 0, ErrorCode.NONE, null, 90, 10, 40, -1,
                                ReplicaFetchResponse.NO_DIVERGENCE, ByteBuffer.wrap(new byte[] {1, 2, 3})),
                        new ReplicaFetchResponse.Partition("orders", 1, ErrorCode.NONE, null, 5, 0, 0, 2, 4,
                                ByteBuffer.allocate(0)),
                        ReplicaFetchResponse.Partition.error(new TopicPartition("orders", 2),
                                ErrorCode.FENCED_LEADER_EPOCH, "epoch 3 is older than 4"))),
                ReplicaFetchResponse.error(ErrorCode.INVALID_REQUEST, "this port serves no replicas"),
                InitProducerIdResponse.success(4_000_000_001L, (short) 0),
                InitProducerIdResponse.error(ErrorCode.METADATA_STORE_UNAVAILABLE, "no quorum"));
    }
}
