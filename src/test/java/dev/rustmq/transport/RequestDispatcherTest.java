package dev.rustmq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rustmq.admin.AdminOperations;
import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.admin.LocalController;
import dev.rustmq.broker.FetchHandler;
import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.broker.ProduceHandler;
import dev.rustmq.broker.ProducerIds;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.ReplicationConfig;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.balance.RebalanceManager;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.message.CreateTopicResponse;
import dev.rustmq.protocol.message.DeleteTopicRequest;
import dev.rustmq.protocol.message.DeleteTopicResponse;
import dev.rustmq.protocol.message.ListTopicsRequest;
import dev.rustmq.protocol.message.ListTopicsResponse;
import dev.rustmq.protocol.message.Messages;
import dev.rustmq.protocol.message.MetadataRequest;
import dev.rustmq.protocol.message.MetadataResponse;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.message.ProduceResponse;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.wal.HeldWriteAheadLog;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher over fakes, without sockets or a node: an in-memory metadata store, a WAL in
 * memory, the manual clock. Requests go in as encoded frames and answers come back as frames, as
 * a transport hands them over.
 */
class RequestDispatcherTest {
    private static final int MAX_FRAME_BYTES = Frames.DEFAULT_MAX_FRAME_BYTES;
    private static final int CORRELATION_ID = 42;
    /** The resolver's cache outlives every test: what produce sees after an admin request shows it was refreshed. */
    private static final long METADATA_TTL_MS = 3_600_000;

    private final MockTime time = new MockTime();
    private final MemoryMetadataStore store = new MemoryMetadataStore();
    private final BrokerRegistry brokers = new BrokerRegistry(store, time, 60_000);
    private final TopicManager topics = new TopicManager(store, brokers, time, new Random(1));
    private final HeldWriteAheadLog wal = new HeldWriteAheadLog();
    private final LogManager logs = LogManager.open(wal, new WriteCache(1 << 20), new ReadCache(1 << 20), 5_000);
    private final PartitionResolver resolver = new PartitionResolver(store, "0", time, METADATA_TTL_MS);
    private final ScheduledExecutorService fetchWaits = Executors.newSingleThreadScheduledExecutor();
    private final FrameEncoder encoder = new FrameEncoder(MAX_FRAME_BYTES);
    private final RequestDispatcher dispatcher = dispatcher(new LocalController(topics, brokers, "0", store,
            new ReassignmentManager(store, brokers), new RebalanceManager(store, brokers, new ReassignmentManager(store, brokers), time)));

    RequestDispatcherTest() {
        // This broker only, so it leads every partition.
        brokers.register("0", "rack-a", "broker-0.example:9092", "broker-0.example:9093");
    }

    private void registerAnotherBroker() {
        brokers.register("7", "rack-b", "broker-7.example:9092", "broker-7.example:9093");
    }

    @AfterEach
    void stop() {
        fetchWaits.shutdownNow();
        logs.close();
    }

    /** A dispatcher whose admin requests go to {@code controller}; they run on the calling thread. */
    private RequestDispatcher dispatcher(ControllerOperations controller) {
        ProduceHandler produce = new ProduceHandler(resolver, logs, new ReplicationConfig(1, 5_000, 1_000), 1 << 20,
                time, DataPlaneObserver.NOOP);
        FetchHandler fetch = new FetchHandler(resolver, logs, fetchWaits, time, DataPlaneObserver.NOOP);
        AdminOperations admin = AdminOperations.onBroker(controller, resolver, logs, null);
        return new RequestDispatcher(encoder, produce, fetch, resolver, logs, admin, Runnable::run,
                new ProducerIds(store));
    }

    private ResponseFrame exchange(RequestDispatcher target, ByteBuffer requestFrame) {
        CompletableFuture<ByteBuffer> response = target.dispatch(FrameDecoder.forRequests(MAX_FRAME_BYTES)
                .decode(requestFrame));
        ResponseFrame frame = FrameDecoder.forResponses(MAX_FRAME_BYTES).decode(response.join());
        assertThat(frame.correlationId()).isEqualTo(CORRELATION_ID);
        return frame;
    }

    /** The api's response to {@code request}, which the frame must carry (no frame-level error). */
    private <R extends ResponseMessage> R call(RequestDispatcher target, RequestMessage request, Class<R> type) {
        ResponseFrame frame = exchange(target, encoder.encodeRequest(CORRELATION_ID, request));
        assertThat(frame.errorCode()).isEqualTo(ErrorCode.NONE);
        return type.cast(Messages.readResponse(request.apiKey(), (short) 0, frame.body()));
    }

    private <R extends ResponseMessage> R call(RequestMessage request, Class<R> type) {
        return call(dispatcher, request, type);
    }

    private static ByteBuffer batch(String value) {
        return RecordBatchBuilder.build(0, -1, CompressionType.NONE,
                List.of(Record.of(null, value.getBytes(StandardCharsets.UTF_8), 1_000L)));
    }

    private ProduceResponse produce(String topic, Acks acks, int timeoutMs) {
        return call(new ProduceRequest(topic, 0, acks, timeoutMs, batch("v")), ProduceResponse.class);
    }

    // ---- admin requests

    @Test
    void apiVersionsListsEveryApiAndTheFrameLimit() {
        ApiVersionsResponse response = call(new ApiVersionsRequest(), ApiVersionsResponse.class);

        assertThat(response).isEqualTo(ApiVersionsResponse.ofThisBroker(MAX_FRAME_BYTES));
    }

    @Test
    void createTopicReadsTheConfigMapAndProduceSeesTheTopicAtOnce() {
        // Cached as missing for the resolver's whole TTL, unless the create refreshes it.
        assertThat(produce("orders", Acks.LEADER, 5_000).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

        CreateTopicResponse created = call(new CreateTopicRequest("orders", 3, CreateTopicRequest.DEFAULT,
                Map.of("compression", "Zstd", "retention_ms", "60000", "etl_modules", "a,b",
                        "max_message_bytes", "4096")), CreateTopicResponse.class);

        assertThat(created).isEqualTo(CreateTopicResponse.success());
        TopicMetadata topic = topics.describe("orders").topic();
        assertThat(topic.partitionCount()).isEqualTo(3);
        assertThat(topic.replicationFactor()).isEqualTo(1);
        assertThat(topic.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(topic.retentionPolicy()).isEqualTo(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        assertThat(topic.etlModules()).containsExactly("a", "b");
        assertThat(topic.configs()).isEqualTo(Map.of("max_message_bytes", "4096"));
        assertThat(produce("orders", Acks.LEADER, 5_000))
                .isEqualTo(ProduceResponse.success(0, ProduceResponse.UNKNOWN));
    }

    @Test
    void createTopicWithAnUnreadableConfigIsAnInvalidConfig() {
        CreateTopicResponse response = call(new CreateTopicRequest("orders", 1, 1, Map.of("retention_bytes", "lots")),
                CreateTopicResponse.class);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(response.errorMessage()).isEqualTo("topic config retention_bytes must be an integer, got \"lots\"");
        assertThat(topics.list()).isEmpty();
    }

    @Test
    void createTopicWithAnUnknownConfigIsAnInvalidConfig() {
        CreateTopicResponse response = call(new CreateTopicRequest("orders", 1, 1, Map.of("max_mesage_bytes", "1")),
                CreateTopicResponse.class);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(response.errorMessage()).startsWith("unknown topic config \"max_mesage_bytes\"");
    }

    @Test
    void createTopicTwiceIsTopicAlreadyExists() {
        call(new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);

        CreateTopicResponse again = call(new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);

        assertThat(again.errorCode()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
    }

    @Test
    void deleteTopicRemovesTheMetadataAndThisBrokersData() {
        call(new CreateTopicRequest("orders", 2, 1), CreateTopicResponse.class);
        assertThat(produce("orders", Acks.LEADER, 5_000).errorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(logs.partition(new TopicPartition("orders", 0))).isPresent();

        DeleteTopicResponse deleted = call(new DeleteTopicRequest("orders"), DeleteTopicResponse.class);

        assertThat(deleted).isEqualTo(DeleteTopicResponse.success());
        assertThat(store.topic("orders")).isEmpty();
        assertThat(logs.partition(new TopicPartition("orders", 0))).isEmpty();
        assertThat(produce("orders", Acks.LEADER, 5_000).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void deleteOfAnUnknownTopicIsUnknownTopic() {
        DeleteTopicResponse response = call(new DeleteTopicRequest("nothing"), DeleteTopicResponse.class);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.errorMessage()).isEqualTo("topic \"nothing\" does not exist");
    }

    @Test
    void listTopicsIsSortedByName() {
        call(new CreateTopicRequest("zebra", 2, 1), CreateTopicResponse.class);
        call(new CreateTopicRequest("apple", 1, 1), CreateTopicResponse.class);

        ListTopicsResponse response = call(new ListTopicsRequest(), ListTopicsResponse.class);

        assertThat(response).isEqualTo(ListTopicsResponse.success(List.of(new ListTopicsResponse.Topic("apple", 1),
                new ListTopicsResponse.Topic("zebra", 2))));
    }

    @Test
    void metadataNamesLiveBrokersTheControllerAndEachTopicsLeaders() {
        call(new CreateTopicRequest("orders", 2, 1), CreateTopicResponse.class);
        registerAnotherBroker();

        MetadataResponse response = call(MetadataRequest.allTopics(), MetadataResponse.class);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(response.controllerId()).isZero();
        assertThat(response.brokers()).containsExactly(
                new MetadataResponse.Broker(0, "broker-0.example", 9092, "rack-a"),
                new MetadataResponse.Broker(7, "broker-7.example", 9092, "rack-b"));
        assertThat(response.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("orders");
            assertThat(t.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(t.partitions()).extracting(MetadataResponse.Partition::partition).containsExactly(0, 1);
            assertThat(t.partitions()).extracting(MetadataResponse.Partition::leaderId).containsOnly(0);
        });
    }

    @Test
    void metadataLeavesOutBrokersPastTheSessionTimeout() {
        registerAnotherBroker();
        time.sleep(60_000);
        brokers.heartbeat("7");

        MetadataResponse response = call(MetadataRequest.allTopics(), MetadataResponse.class);

        assertThat(response.brokers()).extracting(MetadataResponse.Broker::id).containsExactly(7);
    }

    @Test
    void metadataOfAnUnknownTopicIsThatTopicsError() {
        call(new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);

        MetadataResponse response = call(new MetadataRequest(List.of("nothing", "orders")), MetadataResponse.class);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(response.topics()).extracting(MetadataResponse.Topic::name, MetadataResponse.Topic::errorCode)
                .containsExactly(tuple("nothing", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION),
                        tuple("orders", ErrorCode.NONE));
    }

    // ---- failures

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithAReference() {
        RequestDispatcher broken = dispatcher(brokenController());

        ListTopicsResponse list = call(broken, new ListTopicsRequest(), ListTopicsResponse.class);
        CreateTopicResponse create = call(broken, new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);

        for (ResponseMessage response : List.of(list, create)) {
            assertThat(response.errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(response.errorMessage()).matches("internal error; reference [0-9a-f-]{36} in the broker log");
        }
        assertThat(list.errorMessage()).isNotEqualTo(create.errorMessage());
    }

    /** A controller that fails every operation with a bug, not with a {@link dev.rustmq.errors.RustMqException}. */
    private static ControllerOperations brokenController() {
        return (ControllerOperations) Proxy.newProxyInstance(ControllerOperations.class.getClassLoader(),
                new Class<?>[] {ControllerOperations.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("a bug in " + method.getName());
                });
    }

    @Test
    void anUndecodableBodyIsAFrameLevelErrorWithTheCorrelationId() {
        ByteBuffer body = ByteBuffer.wrap(new byte[] {0, 7, 'o'}); // a string of 7 bytes cut after one
        ResponseFrame frame = exchange(dispatcher, encoder.encodeRawRequest(ApiKey.CREATE_TOPIC.id(), (short) 0,
                CORRELATION_ID, body));

        assertThat(frame.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(frame.body().remaining()).isZero();
        assertThat(topics.list()).isEmpty();
    }

    @Test
    void anUnknownApiIsUnsupportedVersionWithTheCorrelationId() {
        ResponseFrame frame = exchange(dispatcher, encoder.encodeRawRequest((short) 99, (short) 0, CORRELATION_ID,
                ByteBuffer.allocate(0)));

        assertThat(frame.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(frame.errorMessage()).contains("99");
    }

    @Test
    void anUnknownVersionOfAKnownApiIsUnsupportedVersion() {
        ResponseFrame frame = exchange(dispatcher, encoder.encodeRawRequest(ApiKey.LIST_TOPICS.id(), (short) 5,
                CORRELATION_ID, ByteBuffer.allocate(0)));

        assertThat(frame.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    }

    // ---- produce

    @Test
    void aProduceNotAcknowledgedInTimeIsRequestTimedOut() {
        call(new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);
        wal.hold(); // stored, but the fsync never returns
        ProduceRequest request = new ProduceRequest("orders", 0, Acks.LEADER, 1_000, batch("v"));

        CompletableFuture<ByteBuffer> response = dispatcher.dispatch(FrameDecoder.forRequests(MAX_FRAME_BYTES)
                .decode(encoder.encodeRequest(CORRELATION_ID, request)));
        time.sleep(999);
        assertThat(response).as("the request's time-out runs on the injected clock").isNotDone();
        time.sleep(1);

        ResponseFrame frame = FrameDecoder.forResponses(MAX_FRAME_BYTES).decode(response.join());
        ProduceResponse answer = (ProduceResponse) Messages.readResponse(ApiKey.PRODUCE, (short) 0, frame.body());
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(answer.errorMessage()).isEqualTo("the batch was not acknowledged within 1000 ms; it may still be "
                + "written");
        // In the log, not visible: the WAL has not acknowledged it.
        assertThat(logs.partition(new TopicPartition("orders", 0)).orElseThrow())
                .satisfies(log -> assertThat(log.logEndOffset()).isEqualTo(1))
                .satisfies(log -> assertThat(log.highWatermark()).isZero());
    }

    @Test
    void acksNoneAnswersWithoutWaitingForTheWal() {
        call(new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);
        wal.hold(); // stored, but the fsync never returns

        ProduceResponse response = produce("orders", Acks.NONE, 1);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void aProduceWithoutARecordBatchIsAnInvalidRequest() {
        call(new CreateTopicRequest("orders", 1, 1), CreateTopicResponse.class);

        ProduceResponse response = call(new ProduceRequest("orders", 0, Acks.LEADER, 5_000, ByteBuffer.allocate(0)),
                ProduceResponse.class);

        assertThat(response.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
}
