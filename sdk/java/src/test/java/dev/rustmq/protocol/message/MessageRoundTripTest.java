package dev.rustmq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestFrame;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatches;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageRoundTripTest {
    private static final int FOUR_MIB = 4 * 1024 * 1024;
    private final FrameEncoder encoder = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);

    @Test
    void theSamplesCoverEveryApiBothWays() {
        Set<ApiKey> requests = SampleMessages.requests().stream().map(RequestMessage::apiKey)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiKey.class)));
        Set<ApiKey> responses = SampleMessages.responses().stream().map(ResponseMessage::apiKey)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiKey.class)));
        assertThat(requests).containsExactlyInAnyOrder(ApiKey.values());
        assertThat(responses).containsExactlyInAnyOrder(ApiKey.values());
    }

    @Test
    void everyRequestRoundTripsThroughAFrame() {
        int correlationId = 1000;
        for (RequestMessage request : SampleMessages.requests()) {
            ByteBuffer frame = encoder.encodeRequest(correlationId, request);
            assertThat(frame.remaining()).as("%s", request)
                    .isEqualTo(Frames.LENGTH_PREFIX_BYTES + Frames.REQUEST_HEADER_BYTES + request.sizeInBytes());
            assertThat(frame.getInt(0)).isEqualTo(frame.remaining() - 4);

            RequestFrame decoded = FrameDecoder.forRequests(Frames.DEFAULT_MAX_FRAME_BYTES).decode(frame);
            assertThat(frame.hasRemaining()).isFalse();
            assertThat(decoded.apiKeyId()).isEqualTo(request.apiKey().id());
            assertThat(decoded.apiVersion()).isEqualTo((short) 0);
            assertThat(decoded.correlationId()).isEqualTo(correlationId);
            assertThat(decoded.apiKey()).isEqualTo(request.apiKey());
            assertThat(Messages.readRequest(decoded)).as("%s", request).isEqualTo(request);
            correlationId++;
        }
    }

    @Test
    void everyResponseRoundTripsThroughAFrame() {
        int correlationId = -5;
        for (ResponseMessage response : SampleMessages.responses()) {
            ByteBuffer frame = encoder.encodeResponse(correlationId, (short) 0, response);
            ResponseFrame decoded = FrameDecoder.forResponses(Frames.DEFAULT_MAX_FRAME_BYTES).decode(frame);
            assertThat(decoded.correlationId()).isEqualTo(correlationId);
            assertThat(decoded.errorCode()).isEqualTo(ErrorCode.NONE);
            assertThat(decoded.errorMessage()).isNull();
            ResponseMessage read = Messages.readResponse(response.apiKey(), (short) 0, decoded.throwIfError().body());
            assertThat(read).as("%s", response).isEqualTo(response);
            assertThat(read.errorCode()).isEqualTo(response.errorCode());
            assertThat(read.errorMessage()).isEqualTo(response.errorMessage());
            correlationId++;
        }
    }

    @Test
    void bodiesRoundTripThroughWriteAndRead() {
        for (RequestMessage request : SampleMessages.requests()) {
            ByteBuffer body = ByteBuffer.allocate((int) request.sizeInBytes());
            request.write(body);
            assertThat(body.hasRemaining()).as("%s fills exactly its size", request).isFalse();
            assertThat(Messages.readRequest(request.apiKey(), (short) 0, body.flip())).isEqualTo(request);
        }
        for (ResponseMessage response : SampleMessages.responses()) {
            ByteBuffer body = ByteBuffer.allocate((int) response.sizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
            response.write(body);
            assertThat(body.hasRemaining()).isFalse();
            assertThat(Messages.readResponse(response.apiKey(), (short) 0, body.flip())).isEqualTo(response);
        }
    }

    @Test
    void nullAndEmptyStayDistinct() {
        MetadataRequest all = (MetadataRequest) roundTrip(MetadataRequest.allTopics());
        MetadataRequest none = (MetadataRequest) roundTrip(new MetadataRequest(List.of()));
        assertThat(all.topics()).isNull();
        assertThat(none.topics()).isNotNull().isEmpty();

        ProduceResponse nullMessage = (ProduceResponse) roundTrip(ProduceResponse.error(ErrorCode.NOT_LEADER, null));
        ProduceResponse emptyMessage = (ProduceResponse) roundTrip(ProduceResponse.error(ErrorCode.NOT_LEADER, ""));
        assertThat(nullMessage.errorMessage()).isNull();
        assertThat(emptyMessage.errorMessage()).isEmpty();

        MetadataResponse.Broker noRack = ((MetadataResponse) roundTrip(new MetadataResponse(ErrorCode.NONE, null, 1,
                List.of(new MetadataResponse.Broker(1, "h", 1, null)), List.of()))).brokers().get(0);
        assertThat(noRack.rack()).isNull();
    }

    @Test
    void aFourMebibyteRecordBlobRoundTripsInProduceAndFetch() {
        ByteBuffer blob = SampleMessages.randomBlob(4242, FOUR_MIB);
        ProduceRequest produce = new ProduceRequest("big", 0, Acks.ALL, 30_000, blob);
        FetchResponse fetch = FetchResponse.success(10, 0, blob);

        ByteBuffer requestFrame = encoder.encodeRequest(7, produce);
        assertThat(requestFrame.remaining()).isGreaterThan(FOUR_MIB);
        RequestFrame frame = FrameDecoder.forRequests(Frames.DEFAULT_MAX_FRAME_BYTES).decode(requestFrame);
        ProduceRequest decoded = (ProduceRequest) Messages.readRequest(frame);
        assertThat(decoded).isEqualTo(produce);
        assertThat(decoded.records().remaining()).isEqualTo(FOUR_MIB);

        ByteBuffer responseFrame = encoder.encodeResponse(7, (short) 0, fetch);
        ResponseFrame response = FrameDecoder.forResponses(Frames.DEFAULT_MAX_FRAME_BYTES).decode(responseFrame);
        FetchResponse fetched = (FetchResponse) Messages.readResponse(ApiKey.FETCH, (short) 0, response.body());
        assertThat(fetched).isEqualTo(fetch);
        assertThat(fetched.records()).isEqualTo(blob);
    }

    @Test
    void recordBatchesTravelUnchangedAndTheBrokerCanStampThemInPlace() {
        ByteBuffer batches = SampleMessages.concat(SampleMessages.batch("a", "b"), SampleMessages.batch("c"));
        ByteBuffer frameBytes = encoder.encodeRequest(1,
                new ProduceRequest("orders", 0, Acks.LEADER, 1000, batches));
        RequestFrame frame = FrameDecoder.forRequests(Frames.DEFAULT_MAX_FRAME_BYTES).decode(frameBytes);
        ProduceRequest request = (ProduceRequest) Messages.readRequest(frame);

        List<RecordBatch> split = RecordBatches.split(request.records());
        assertThat(split).hasSize(2);
        split.forEach(RecordBatch::validate);
        assertThat(split.get(0).records()).extracting(r -> new String(r.value())).containsExactly("a", "b");

        // The decoded records are a view of the frame's bytes: stamping offsets needs no copy.
        split.get(0).setBaseOffset(500);
        split.get(1).setBaseOffset(502);
        List<RecordBatch> again = RecordBatches.split(((ProduceRequest) Messages.readRequest(frame)).records());
        assertThat(again).extracting(RecordBatch::baseOffset).containsExactly(500L, 502L);
        again.forEach(RecordBatch::validate);
    }

    @Test
    void accessorsHandOutViewsThatDoNotMoveTheMessage() {
        ProduceRequest request = new ProduceRequest("t", 0, Acks.ALL, 0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        request.records().position(3);
        assertThat(request.records().remaining()).isEqualTo(3);
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 9, 1, 2});
        source.position(2);
        FetchResponse response = FetchResponse.success(0, 0, source);
        source.position(0);
        assertThat(response.records()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    }

    @Test
    void invalidFieldValuesAreRejectedWhetherBuiltOrDecoded() {
        assertInvalid(() -> new ProduceRequest(null, 0, Acks.ALL, 0, ByteBuffer.allocate(0)), "topic");
        assertInvalid(() -> new ProduceRequest("t", 0, Acks.ALL, -1, ByteBuffer.allocate(0)), "timeoutMs");
        assertInvalid(() -> new ProduceRequest("t", 0, Acks.ALL, 0, null), "records");
        assertInvalid(() -> new FetchRequest("t", 0, 0, -1, 0, 0), "maxBytes");
        assertInvalid(() -> new FetchRequest("t", 0, 0, 0, -1, 0), "minBytes");
        assertInvalid(() -> new FetchRequest("t", 0, 0, 0, 0, -1), "maxWaitMs");
        assertInvalid(() -> new ListOffsetsRequest("t", 0, -3), "timestamp");
        assertInvalid(() -> new CreateTopicRequest("t", -2, 1), "partitions");
        assertInvalid(() -> new CreateTopicRequest("t", 1, -2), "replicationFactor");
        assertInvalid(() -> Acks.forWireValue(2), "acks 2");

        // The same checks guard decoding: acks 5 on the wire.
        ByteBuffer body = ByteBuffer.allocate(64);
        new ProduceRequest("t", 0, Acks.ALL, 0, ByteBuffer.allocate(0)).write(body);
        body.flip().put(2 + 1 + 4, (byte) 5);
        assertInvalid(() -> ProduceRequest.read(body), "acks 5");
    }

    @Test
    void configsKeepTheirOrderAndRejectDuplicateKeysOnTheWire() {
        CreateTopicRequest request = new CreateTopicRequest("t", 1, 1, Map.of("a", "1"));
        ByteBuffer body = ByteBuffer.allocate(64);
        request.write(body);
        body.flip();
        // Append a second entry with the same key and bump the count.
        ByteBuffer doubled = ByteBuffer.allocate(body.remaining() + 6);
        doubled.put(body.duplicate()).put(new byte[] {0, 1, 'a', 0, 1, '2'}).flip();
        int countAt = 2 + 1 + 4 + 4;
        doubled.putInt(countAt, 2);
        assertInvalid(() -> CreateTopicRequest.read(doubled), "appears twice");
    }

    @Test
    void unknownErrorCodesFromANewerBrokerReadAsUnknownServerError() {
        ByteBuffer body = ByteBuffer.allocate(64);
        ProduceResponse.error(ErrorCode.NOT_LEADER, "x").write(body);
        body.flip().putShort(0, (short) 31_000);
        ProduceResponse read = ProduceResponse.read(body);
        assertThat(read.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(read.errorMessage()).isEqualTo("x");
    }

    @Test
    void versionNegotiationPicksTheHighestCommonVersion() {
        ApiVersionsResponse broker = ApiVersionsResponse.ofThisBroker(1 << 20);
        for (ApiKey api : ApiKey.values()) {
            assertThat(broker.versionToUse(api)).isEqualTo(api.maxVersion());
        }
        ApiVersionsResponse newer = new ApiVersionsResponse(ErrorCode.NONE, null,
                List.of(new ApiVersionsResponse.ApiVersion(ApiKey.FETCH.id(), (short) 0, (short) 9),
                        new ApiVersionsResponse.ApiVersion((short) 500, (short) 0, (short) 0)), 1 << 20);
        assertThat(newer.versionToUse(ApiKey.FETCH)).isEqualTo((short) 0);
        assertThatThrownBy(() -> newer.versionToUse(ApiKey.PRODUCE))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessageContaining("PRODUCE");
        ApiVersionsResponse tooNew = new ApiVersionsResponse(ErrorCode.NONE, null,
                List.of(new ApiVersionsResponse.ApiVersion(ApiKey.FETCH.id(), (short) 3, (short) 9)), 1 << 20);
        assertThatThrownBy(() -> tooNew.versionToUse(ApiKey.FETCH))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION))
                .hasMessageContaining("3-9");
    }

    private ResponseMessage roundTrip(ResponseMessage response) {
        ByteBuffer body = ByteBuffer.allocate((int) response.sizeInBytes());
        response.write(body);
        return Messages.readResponse(response.apiKey(), (short) 0, body.flip());
    }

    private RequestMessage roundTrip(RequestMessage request) {
        ByteBuffer body = ByteBuffer.allocate((int) request.sizeInBytes());
        request.write(body);
        return Messages.readRequest(request.apiKey(), (short) 0, body.flip());
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String mentions) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(mentions);
    }
}
