package dev.rustmq.transport;

import dev.rustmq.admin.AdminOperations;
import dev.rustmq.admin.TopicConfigMap;
import dev.rustmq.broker.FetchHandler;
import dev.rustmq.broker.FetchResult;
import dev.rustmq.broker.PartitionResolver;
import dev.rustmq.broker.ProduceHandler;
import dev.rustmq.broker.ProduceResult;
import dev.rustmq.broker.ProducerIds;
import dev.rustmq.common.Futures;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.config.HostPort;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.RequestFrame;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import dev.rustmq.protocol.message.ControllerResponse;
import dev.rustmq.protocol.message.InitProducerIdResponse;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.message.CreateTopicResponse;
import dev.rustmq.protocol.message.DeleteTopicRequest;
import dev.rustmq.protocol.message.DeleteTopicResponse;
import dev.rustmq.protocol.message.FetchRequest;
import dev.rustmq.protocol.message.FetchResponse;
import dev.rustmq.protocol.message.ListOffsetsRequest;
import dev.rustmq.protocol.message.ListOffsetsResponse;
import dev.rustmq.protocol.message.ListTopicsResponse;
import dev.rustmq.protocol.message.Messages;
import dev.rustmq.protocol.message.MetadataRequest;
import dev.rustmq.protocol.message.MetadataResponse;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.message.ProduceResponse;
import dev.rustmq.protocol.record.RecordBatches;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns one decoded request frame into its response frame, independent of the transport (TCP
 * and QUIC share one dispatcher). Produce and fetch go to the broker's handlers and may complete later, on
 * other threads; metadata and admin requests go to the node's {@link AdminOperations} (the same the
 * REST API uses) and, as they read or write the metadata store, run on {@code adminExecutor} so a
 * transport's I/O thread never waits for them.
 *
 * <p>The returned future always completes normally with a whole response frame: a
 * {@link RustMqException} becomes the api's own response carrying its code and message; a body
 * that does not decode, or an unknown api or version, a frame-level error with the request's
 * correlation id; anything else {@code INTERNAL_ERROR} with a reference to the server log.
 */
public final class RequestDispatcher implements FrameHandler {
    private static final Logger LOG = Logger.getLogger(RequestDispatcher.class.getName());

    private final FrameEncoder encoder;
    private final ProduceHandler produce;
    private final FetchHandler fetch;
    private final PartitionResolver resolver;
    private final LogManager logs;
    private final AdminOperations admin;
    private final Executor adminExecutor;
    private final ProducerIds producerIds;

    public RequestDispatcher(FrameEncoder encoder, ProduceHandler produce, FetchHandler fetch,
                             PartitionResolver resolver, LogManager logs, AdminOperations admin,
                             Executor adminExecutor, ProducerIds producerIds) {
        this.producerIds = producerIds;
        this.encoder = encoder;
        this.produce = produce;
        this.fetch = fetch;
        this.resolver = resolver;
        this.logs = logs;
        this.admin = admin;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public int maxFrameBytes() {
        return encoder.maxFrameBytes();
    }

    /** The response frame for {@code frame}; never completes exceptionally. */
    @Override
    public CompletableFuture<ByteBuffer> dispatch(RequestFrame frame) {
        ApiKey api;
        RequestMessage request;
        try {
            api = frame.apiKey();
            request = Messages.readRequest(api, frame.apiVersion(), frame.body());
        } catch (RustMqException e) {
            return CompletableFuture.completedFuture(
                    encoder.encodeErrorResponse(frame.correlationId(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalError(frame.correlationId(), "decoding", e));
        }
        CompletableFuture<? extends ResponseMessage> response;
        try {
            response = handle(api, request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.handle((message, error) -> {
            try {
                ResponseMessage m = error == null ? message : errorResponse(api, Futures.unwrap(error), frame);
                return encoder.encodeResponse(frame.correlationId(), frame.apiVersion(), m);
            } catch (RustMqException e) {
                // e.g. a response larger than the frame limit: say so at frame level.
                return encoder.encodeErrorResponse(frame.correlationId(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                return internalError(frame.correlationId(), api.toString(), e);
            }
        });
    }

    private CompletableFuture<? extends ResponseMessage> handle(ApiKey api, RequestMessage request) {
        return switch (api) {
            case API_VERSIONS -> CompletableFuture.completedFuture(
                    ApiVersionsResponse.ofThisBroker(encoder.maxFrameBytes()));
            case PRODUCE -> produce((ProduceRequest) request);
            case FETCH -> fetch((FetchRequest) request);
            case METADATA -> onAdmin(() -> metadata((MetadataRequest) request));
            case LIST_OFFSETS -> onAdmin(() -> listOffsets((ListOffsetsRequest) request));
            case CREATE_TOPIC -> onAdmin(() -> createTopic((CreateTopicRequest) request));
            case DELETE_TOPIC -> onAdmin(() -> deleteTopic((DeleteTopicRequest) request));
            case LIST_TOPICS -> onAdmin(this::listTopics);
            case CONTROLLER -> throw new RustMqException(ErrorCode.INVALID_REQUEST, "CONTROLLER requests go to a "
                    + "controller's [controller] rpc_listen port (9094), not to a broker's client port");
            case REPLICA_FETCH -> throw new RustMqException(ErrorCode.INVALID_REQUEST, "REPLICA_FETCH requests go "
                    + "to a broker's [network] rpc_listen port (9093), not to its client port");
            case INIT_PRODUCER_ID -> onAdmin(() -> InitProducerIdResponse.success(producerIds.next(), (short) 0));
        };
    }

    private <T> CompletableFuture<T> onAdmin(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, adminExecutor);
    }

    // ---- produce and fetch

    private CompletableFuture<ProduceResponse> produce(ProduceRequest request) {
        List<ByteBuffer> batches = splitBatches(request.records());
        long timeoutMs = request.timeoutMs();
        List<CompletableFuture<ProduceResult>> appends = new ArrayList<>(batches.size());
        for (ByteBuffer batch : batches) {
            CompletableFuture<ProduceResult> append = produce.produce(request.topic(), request.partition(),
                    request.acks(), timeoutMs, batch);
            appends.add(append);
            if (append.isCompletedExceptionally()) {
                break; // rejected before appending: do not append the batches behind it
            }
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            long base = appends.get(0).join().baseOffset();
            return ProduceResponse.success(base, ProduceResponse.UNKNOWN);
        });
    }

    /** Views of the request's batches, back to back; framing only (the log validates each). */
    static List<ByteBuffer> splitBatches(ByteBuffer records) {
        if (!records.hasRemaining()) {
            throw new RustMqException(ErrorCode.INVALID_REQUEST, "the produce request holds no record batch");
        }
        List<ByteBuffer> batches = new ArrayList<>();
        int position = records.position();
        while (position < records.limit()) {
            int size = RecordBatches.sizeOf(records, position);
            if (size > records.limit() - position) {
                throw new RustMqException(ErrorCode.CORRUPT_MESSAGE, "record batch at byte " + position + " is "
                        + size + " bytes but only " + (records.limit() - position) + " remain in the request");
            }
            batches.add(records.slice(position, size));
            position += size;
        }
        return batches;
    }

    private CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        return fetch.fetch(request.topic(), request.partition(), request.fetchOffset(), request.maxBytes(),
                request.minBytes(), request.maxWaitMs()).thenApply(RequestDispatcher::fetchResponse);
    }

    private static FetchResponse fetchResponse(FetchResult result) {
        ByteBuffer records = ByteBuffer.allocate(result.sizeInBytes());
        for (ByteBuffer batch : result.batches()) {
            records.put(batch.duplicate());
        }
        return FetchResponse.success(result.highWatermark(), result.logStartOffset(), records.flip());
    }

    private ListOffsetsResponse listOffsets(ListOffsetsRequest request) {
        resolver.resolve(request.topic(), request.partition());
        Optional<PartitionLog> log = logs.partition(new TopicPartition(request.topic(), request.partition()));
        long start = log.map(PartitionLog::logStartOffset).orElse(0L);
        long end = log.map(PartitionLog::highWatermark).orElse(0L);
        if (request.timestamp() == ListOffsetsRequest.EARLIEST) {
            return ListOffsetsResponse.success(start, ListOffsetsResponse.UNKNOWN);
        }
        if (request.timestamp() == ListOffsetsRequest.LATEST) {
            return ListOffsetsResponse.success(end, ListOffsetsResponse.UNKNOWN);
        }
        return log.flatMap(l -> l.offsetForTimestamp(request.timestamp()))
                .map(found -> ListOffsetsResponse.success(found.offset(), found.timestamp()))
                .orElseGet(() -> ListOffsetsResponse.success(ListOffsetsResponse.UNKNOWN, ListOffsetsResponse.UNKNOWN));
    }

    // ---- metadata and admin

    private MetadataResponse metadata(MetadataRequest request) {
        List<MetadataResponse.Broker> brokerList = new ArrayList<>();
        for (BrokerMetadata b : admin.liveBrokers()) {
            HostPort endpoint = HostPort.parse(b.quicEndpoint());
            brokerList.add(new MetadataResponse.Broker(BrokerMetadata.numericId(b.id()), endpoint.host(),
                    endpoint.port(), b.rackId()));
        }
        brokerList.sort(Comparator.comparingInt(MetadataResponse.Broker::id));
        List<String> names = request.topics() != null ? request.topics()
                : admin.listTopics().stream().map(TopicMetadata::name).sorted().toList();
        List<MetadataResponse.Topic> topicList = new ArrayList<>();
        for (String name : names) {
            TopicDescription topic;
            try {
                topic = admin.describeTopic(name);
            } catch (RustMqException e) {
                if (e.code() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw e;
                }
                topicList.add(new MetadataResponse.Topic(name, e.code(), e.getMessage(), List.of()));
                continue;
            }
            List<MetadataResponse.Partition> partitions = topic.partitions().stream()
                    .sorted(Comparator.comparingInt(PartitionMetadata::partition))
                    .map(RequestDispatcher::partition)
                    .toList();
            topicList.add(new MetadataResponse.Topic(name, ErrorCode.NONE, null, partitions));
        }
        int controller = admin.controllerBrokerId().map(BrokerMetadata::numericId).orElse(MetadataResponse.NO_NODE);
        return new MetadataResponse(ErrorCode.NONE, null, controller, brokerList, topicList);
    }

    private static MetadataResponse.Partition partition(PartitionMetadata p) {
        boolean led = p.hasLeader();
        return new MetadataResponse.Partition(p.partition(), led ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE,
                led ? BrokerMetadata.numericId(p.leader()) : MetadataResponse.NO_NODE, p.leaderEpoch(),
                p.replicas().stream().map(BrokerMetadata::numericId).toList(),
                p.isr().stream().map(BrokerMetadata::numericId).toList());
    }

    private CreateTopicResponse createTopic(CreateTopicRequest request) {
        admin.createTopic(TopicConfigMap.spec(request));
        return CreateTopicResponse.success();
    }

    private DeleteTopicResponse deleteTopic(DeleteTopicRequest request) {
        admin.deleteTopic(request.name());
        return DeleteTopicResponse.success();
    }

    private ListTopicsResponse listTopics() {
        return ListTopicsResponse.success(admin.listTopics().stream()
                .sorted(Comparator.comparing(TopicMetadata::name))
                .map(t -> new ListTopicsResponse.Topic(t.name(), t.partitionCount()))
                .toList());
    }

    // ---- errors

    private ResponseMessage errorResponse(ApiKey api, Throwable error, RequestFrame frame) {
        ErrorCode code;
        String message;
        if (error instanceof RustMqException r) {
            code = r.code();
            message = r.getMessage();
        } else {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "unexpected failure handling " + api + " request (correlation id "
                    + frame.correlationId() + ", reference " + reference + ")", error);
            code = ErrorCode.INTERNAL_ERROR;
            message = "internal error; reference " + reference + " in the broker log";
        }
        return switch (api) {
            case API_VERSIONS -> new ApiVersionsResponse(code, message, List.of(), encoder.maxFrameBytes());
            case METADATA -> MetadataResponse.error(code, message);
            case PRODUCE -> ProduceResponse.error(code, message);
            case FETCH -> FetchResponse.error(code, message);
            case LIST_OFFSETS -> ListOffsetsResponse.error(code, message);
            case CREATE_TOPIC -> new CreateTopicResponse(code, message);
            case DELETE_TOPIC -> new DeleteTopicResponse(code, message);
            case LIST_TOPICS -> ListTopicsResponse.error(code, message);
            case CONTROLLER -> ControllerResponse.error(code, message);
            case REPLICA_FETCH -> ReplicaFetchResponse.error(code, message);
            case INIT_PRODUCER_ID -> InitProducerIdResponse.error(code, message);
        };
    }

    private ByteBuffer internalError(int correlationId, String what, Throwable error) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure " + what + " (correlation id " + correlationId + ", reference "
                + reference + ")", error);
        return encoder.encodeErrorResponse(correlationId, ErrorCode.INTERNAL_ERROR,
                "internal error; reference " + reference + " in the broker log");
    }
}
