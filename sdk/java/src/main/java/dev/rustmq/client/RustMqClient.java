package dev.rustmq.client;

import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.message.DeleteTopicRequest;
import dev.rustmq.protocol.message.InitProducerIdRequest;
import dev.rustmq.protocol.message.InitProducerIdResponse;
import dev.rustmq.protocol.message.ListOffsetsRequest;
import dev.rustmq.protocol.message.ListOffsetsResponse;
import dev.rustmq.protocol.message.ListTopicsRequest;
import dev.rustmq.protocol.message.ListTopicsResponse;
import dev.rustmq.protocol.message.MetadataRequest;
import dev.rustmq.protocol.message.MetadataResponse;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.protocol.record.RecordBatches;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * A client of a RustMQ cluster over the binary protocol (docs/client.md). Every call has an
 * asynchronous form ({@code ...Async}, returning a {@link CompletableFuture}) and a blocking one.
 * Admin and metadata requests go to the bootstrap broker; a partition's produce, fetch and offset
 * requests go to its leader, learnt from Metadata and looked up again when an answer says it moved
 * ({@code NOT_LEADER}, {@code LEADER_NOT_AVAILABLE}, ...) or its connection is lost; the caller
 * retries. Requests to one broker share one connection, pipelined: any number may be in flight at
 * once, from any number of threads. Errors are {@link RustMqClientException}s carrying the
 * broker's {@link ErrorCode}. When a connection ends, the requests in flight fail with
 * {@link ConnectionLostException} and the next request connects again. Thread-safe.
 *
 * <p>Futures are completed on the transport's thread (TCP: the reader; QUIC: the event loop): callbacks attached with the
 * non-{@code Async} {@code CompletableFuture} methods run there and must not block (above all not
 * on another request of this client); use {@code thenApplyAsync} and friends for slow work. A send
 * blocks its caller while the broker applies back-pressure (docs/protocol.md, "TCP transport").
 */
public final class RustMqClient implements AutoCloseable {
    public static final int DEFAULT_PORT = 9092;
    /** Where a request that had to look its leader up is sent from: never a transport's own thread. */
    private static final Executor LEADER_LOOKUPS = ForkJoinPool.commonPool();

    private final BrokerLink link;
    private final ClientOptions options;
    private final PartitionLeaders leaders;

    private RustMqClient(BrokerLink link, ClientOptions options, PartitionLeaders leaders) {
        this.link = link;
        this.options = options;
        this.leaders = leaders;
    }

    /** Connects with {@link ClientOptions#defaults()}. */
    public static RustMqClient connect(String url) {
        return connect(url, ClientOptions.defaults());
    }

    /**
     * Connects to {@code tcp://host[:port]} or {@code quic://host[:port]} (port 9092 if none) and
     * asks the broker for its api versions. A comma-separated list ({@code tcp://h1:9092,h2:9092},
     * one scheme for all) is tried in order until a broker answers, on connecting and on every
     * reconnection. QUIC verifies the broker's certificate as {@code
     * options} say ({@link ClientOptions#trustCertificatePem(Path)}, {@link
     * ClientOptions#insecureTrustAll()}; by default the JVM's trust store).
     */
    public static RustMqClient connect(String url, ClientOptions options) {
        return connect(url, options, Time.SYSTEM);
    }

    /**
     * As {@link #connect(String, ClientOptions)}, with every timeout (connect, request, reconnect
     * back-off, QUIC keep-alive) on {@code time}: for tests and simulations on a mock clock.
     */
    public static RustMqClient connect(String url, ClientOptions options, Time time) {
        BootstrapAddresses bootstrap = BootstrapAddresses.parse(url);
        BrokerRotation brokers = new BrokerRotation(bootstrap, options, time);
        BrokerLink link = new BrokerLink(brokers.open(), brokers::open, options, time);
        PartitionLeaders leaders = new PartitionLeaders(address -> {
            Supplier<BrokerLink.Session> open = () -> openSession(bootstrap.quic(),
                    new InetSocketAddress(address.getHostString(), address.getPort()), options, time);
            return new BrokerLink(open.get(), open, options, time);
        });
        return new RustMqClient(link, options, leaders);
    }

    /**
     * Opens a session with the first broker of a bootstrap list that answers, starting with the one
     * that answered last, so a dead broker does not delay every reconnection.
     */
    private static final class BrokerRotation {
        private final BootstrapAddresses bootstrap;
        private final ClientOptions options;
        private final Time time;
        private int next;

        BrokerRotation(BootstrapAddresses bootstrap, ClientOptions options, Time time) {
            this.bootstrap = bootstrap;
            this.options = options;
            this.time = time;
        }

        synchronized BrokerLink.Session open() {
            List<InetSocketAddress> addresses = bootstrap.addresses();
            RuntimeException failure = null;
            for (int i = 0; i < addresses.size(); i++) {
                int index = (next + i) % addresses.size();
                try {
                    BrokerLink.Session session = openSession(bootstrap.quic(), addresses.get(index), options, time);
                    next = index;
                    return session;
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            throw failure;
        }
    }

    /** Connects and agrees on api versions; the first connection and every reconnection. */
    private static BrokerLink.Session openSession(boolean quic, InetSocketAddress address, ClientOptions options,
                                                  Time time) {
        ClientTransport connection = quic
                ? dev.rustmq.client.quic.QuicClientTransport.open(address, options, time)
                : Connection.open(address, options.connectTimeout(), options.maxFrameBytes(), time);
        try {
            ApiVersionsResponse versions = (ApiVersionsResponse) join(connection.send(new ApiVersionsRequest(),
                    ApiKey.API_VERSIONS.minVersion(), options.requestTimeout()).thenApply(RustMqClient::checked));
            return new BrokerLink.Session(connection, versions);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The address of a {@code tcp://} or {@code quic://} URL (the first of a list). */
    static InetSocketAddress parseTcpUrl(String url) {
        return BootstrapAddresses.parse(url).addresses().get(0);
    }

    public ClientOptions options() {
        return options;
    }

    /** The largest frame the broker accepts (from ApiVersions). */
    public int brokerMaxFrameBytes() {
        return link.lastSession().versions().maxFrameBytes();
    }

    // ---- topics ----

    public CompletableFuture<Void> createTopicAsync(String name, int partitions, int replicationFactor,
            Map<String, String> configs) {
        return call(new CreateTopicRequest(name, partitions, replicationFactor, configs)).thenApply(r -> null);
    }

    public CompletableFuture<Void> createTopicAsync(String name, int partitions, int replicationFactor) {
        return createTopicAsync(name, partitions, replicationFactor, Map.of());
    }

    public void createTopic(String name, int partitions, int replicationFactor) {
        join(createTopicAsync(name, partitions, replicationFactor));
    }

    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        join(createTopicAsync(name, partitions, replicationFactor, configs));
    }

    public CompletableFuture<Void> deleteTopicAsync(String name) {
        return call(new DeleteTopicRequest(name)).thenApply(r -> null);
    }

    public void deleteTopic(String name) {
        join(deleteTopicAsync(name));
    }

    public CompletableFuture<List<ListTopicsResponse.Topic>> listTopicsAsync() {
        return call(new ListTopicsRequest()).thenApply(r -> ((ListTopicsResponse) r).topics());
    }

    public List<ListTopicsResponse.Topic> listTopics() {
        return join(listTopicsAsync());
    }

    /** Brokers, controller and the named topics' partitions; no names: every topic. */
    public CompletableFuture<MetadataResponse> metadataAsync(String... topics) {
        MetadataRequest request = topics.length == 0 ? MetadataRequest.allTopics()
                : new MetadataRequest(Arrays.asList(topics));
        return call(request).thenApply(r -> {
            MetadataResponse metadata = (MetadataResponse) r;
            leaders.update(metadata);
            return metadata;
        });
    }

    public MetadataResponse metadata(String... topics) {
        return join(metadataAsync(topics));
    }

    /** A producer id (unique in the cluster) and its epoch, for an idempotent producer. */
    public CompletableFuture<InitProducerIdResponse> initProducerIdAsync() {
        return call(new InitProducerIdRequest()).thenApply(InitProducerIdResponse.class::cast);
    }

    // ---- data ----

    /** Sends the records as one batch; the response has the offset of the first. */
    public CompletableFuture<ProduceResponse> produceAsync(ProduceRequest request) {
        ByteBuffer batch;
        try {
            batch = RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, request.compression(), request.records());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return produceBatchesAsync(request.topic(), request.partitionId(), request.acks(), request.timeoutMs(), batch);
    }

    /**
     * Sends record batches that are already encoded ({@link RecordBatchBuilder}), back to back, to
     * one partition: the batching {@code Producer}'s way in. The response has the offset of the first
     * record of the first batch. {@code timeoutMs}: how long the broker may wait for the acks.
     */
    public CompletableFuture<ProduceResponse> produceBatchesAsync(String topic, int partition, Acks acks,
            int timeoutMs, ByteBuffer recordBatches) {
        CompletableFuture<ResponseMessage> sent;
        try {
            sent = callLeader(new TopicPartition(topic, partition), new dev.rustmq.protocol.message.ProduceRequest(
                    topic, partition, acks, timeoutMs, recordBatches), Duration.ofMillis(timeoutMs));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.thenApply(r -> {
            var response = (dev.rustmq.protocol.message.ProduceResponse) r;
            return new ProduceResponse(response.baseOffset(), response.logAppendTimeMs());
        });
    }

    public ProduceResponse produce(ProduceRequest request) {
        return join(produceAsync(request));
    }

    /** Records from {@code fetchOffset} on; waits up to the request's {@code timeoutMs} for the first to arrive. */
    public CompletableFuture<FetchResponse> fetchAsync(FetchRequest request) {
        var wire = new dev.rustmq.protocol.message.FetchRequest(request.topic(), request.partitionId(),
                request.fetchOffset(), request.maxBytes(), request.timeoutMs() > 0 ? 1 : 0, request.timeoutMs());
        return callLeader(new TopicPartition(request.topic(), request.partitionId()), wire,
                Duration.ofMillis(request.timeoutMs())).thenApply(r -> {
            var response = (dev.rustmq.protocol.message.FetchResponse) r;
            List<ConsumedRecord> records = new ArrayList<>();
            try {
                for (RecordBatch batch : RecordBatches.split(response.records())) {
                    batch.validate();
                    long offset = batch.baseOffset();
                    for (Record record : batch.records()) {
                        if (offset >= request.fetchOffset()) {
                            records.add(new ConsumedRecord(offset, record));
                        }
                        offset++;
                    }
                }
            } catch (dev.rustmq.errors.RustMqException e) {
                throw new RustMqClientException(e.code(), "fetched batches of " + request.topic() + "-"
                        + request.partitionId() + " do not read: " + e.getMessage(), e);
            }
            return new FetchResponse(records, response.highWatermark(), response.logStartOffset(),
                    request.fetchOffset());
        });
    }

    public FetchResponse fetch(FetchRequest request) {
        return join(fetchAsync(request));
    }

    /**
     * The offset {@code spec} names: the log start, the high watermark, or for
     * {@link OffsetSpec#timestamp} the first record at or after that time (-1 when none is).
     */
    public CompletableFuture<Long> listOffsetsAsync(String topic, int partition, OffsetSpec spec) {
        return callLeader(new TopicPartition(topic, partition), new ListOffsetsRequest(topic, partition,
                spec.wireValue()), Duration.ZERO).thenApply(r -> ((ListOffsetsResponse) r).offset());
    }

    public long listOffsets(String topic, int partition, OffsetSpec spec) {
        return join(listOffsetsAsync(topic, partition, spec));
    }

    /**
     * Closes the connection; requests still in flight fail with {@link ConnectionLostException}, and
     * so does every later one (a closed client does not reconnect).
     */
    @Override
    public void close() {
        leaders.close();
        link.close();
    }

    // ---- plumbing ----

    private CompletableFuture<ResponseMessage> call(RequestMessage request) {
        return call(request, Duration.ZERO);
    }

    /** {@code extraWait}: how long the broker may legitimately hold the request (long poll, acks). */
    private CompletableFuture<ResponseMessage> call(RequestMessage request, Duration extraWait) {
        return call(link, request, extraWait);
    }

    /**
     * Sends a partition's request to its leader, looking the leader up first when it is not known
     * (the lookup's failure is not the request's: it then goes to the bootstrap broker, whose answer
     * says where the leader is). A stale-metadata answer or a lost connection forgets the leader.
     */
    private CompletableFuture<ResponseMessage> callLeader(TopicPartition tp, RequestMessage request,
                                                         Duration extraWait) {
        CompletableFuture<ResponseMessage> sent = leaders.knows(tp) ? callKnownLeader(tp, request, extraWait)
                // Off the transport's thread: opening the leader's link blocks while it connects.
                : metadataAsync(tp.topic()).exceptionally(e -> null)
                        .thenComposeAsync(ignored -> callKnownLeader(tp, request, extraWait), LEADER_LOOKUPS);
        return sent.whenComplete((response, error) -> {
            Throwable cause = error == null ? null : Futures.unwrap(error);
            if (cause instanceof ConnectionLostException
                    || cause instanceof RustMqClientException e && e.errorCode().invalidatesMetadata()) {
                leaders.forget(tp);
            }
        });
    }

    private CompletableFuture<ResponseMessage> callKnownLeader(TopicPartition tp, RequestMessage request,
                                                              Duration extraWait) {
        BrokerLink target;
        try {
            target = leaders.linkFor(tp).orElse(link);
        } catch (RustMqClientException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ConnectionLostException("cannot reach the leader of " + tp
                    + ": " + e, e));
        }
        return call(target, request, extraWait);
    }

    private CompletableFuture<ResponseMessage> call(BrokerLink target, RequestMessage request, Duration extraWait) {
        BrokerLink.Session session;
        short version;
        try {
            session = target.session();
            version = session.versions().versionToUse(request.apiKey());
        } catch (RustMqClientException e) {
            return CompletableFuture.failedFuture(e);
        } catch (dev.rustmq.errors.RustMqException e) {
            return CompletableFuture.failedFuture(new RustMqClientException(e.code(), e.getMessage(), e));
        }
        return session.transport().send(request, version, options.requestTimeout().plus(extraWait))
                .thenApply(RustMqClient::checked);
    }

    private static ResponseMessage checked(ResponseMessage response) {
        if (response.errorCode() != ErrorCode.NONE) {
            throw new RustMqClientException(response.errorCode(), response.errorMessage());
        }
        return response;
    }

    /** Waits for {@code future}, rethrowing its failure as it is (not wrapped). */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "interrupted while waiting", e);
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RustMqClientException(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(cause), cause);
        }
    }
}
