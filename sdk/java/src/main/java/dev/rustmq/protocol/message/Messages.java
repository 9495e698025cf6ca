package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestFrame;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import java.nio.ByteBuffer;

/**
 * Decodes bodies by api and version. The server reads a {@link RequestFrame}; the client, which
 * knows from the correlation id what it asked for, reads a response body. Every failure is a
 * {@code ProtocolException}: {@code UNSUPPORTED_VERSION} for an api or version this code does not
 * speak, {@code INVALID_REQUEST} for a malformed body (including bytes after its last field).
 */
public final class Messages {
    private Messages() {
    }

    /** The request a frame carries, with its api key and version checked. */
    public static RequestMessage readRequest(RequestFrame frame) {
        return readRequest(frame.apiKey(), frame.apiVersion(), frame.body());
    }

    public static RequestMessage readRequest(ApiKey api, short version, ByteBuffer body) {
        api.checkVersion(version);
        return switch (api) {
            case API_VERSIONS -> ApiVersionsRequest.read(body);
            case METADATA -> MetadataRequest.read(body);
            case PRODUCE -> ProduceRequest.read(body);
            case FETCH -> FetchRequest.read(body);
            case LIST_OFFSETS -> ListOffsetsRequest.read(body);
            case CREATE_TOPIC -> CreateTopicRequest.read(body);
            case DELETE_TOPIC -> DeleteTopicRequest.read(body);
            case LIST_TOPICS -> ListTopicsRequest.read(body);
            case CONTROLLER -> ControllerRequest.read(body);
            case REPLICA_FETCH -> ReplicaFetchRequest.read(body);
            case INIT_PRODUCER_ID -> InitProducerIdRequest.read(body);
        };
    }

    /** The body of a response frame whose frame-level error is NONE, for a request of {@code api} and {@code version}. */
    public static ResponseMessage readResponse(ApiKey api, short version, ByteBuffer body) {
        api.checkVersion(version);
        return switch (api) {
            case API_VERSIONS -> ApiVersionsResponse.read(body);
            case METADATA -> MetadataResponse.read(body);
            case PRODUCE -> ProduceResponse.read(body);
            case FETCH -> FetchResponse.read(body);
            case LIST_OFFSETS -> ListOffsetsResponse.read(body);
            case CREATE_TOPIC -> CreateTopicResponse.read(body);
            case DELETE_TOPIC -> DeleteTopicResponse.read(body);
            case LIST_TOPICS -> ListTopicsResponse.read(body);
            case CONTROLLER -> ControllerResponse.read(body);
            case REPLICA_FETCH -> ReplicaFetchResponse.read(body);
            case INIT_PRODUCER_ID -> InitProducerIdResponse.read(body);
        };
    }
}
