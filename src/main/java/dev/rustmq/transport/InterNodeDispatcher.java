package dev.rustmq.transport;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.RequestFrame;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.ControllerRequest;
import dev.rustmq.protocol.message.ControllerResponse;
import dev.rustmq.protocol.message.Messages;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The frames of an inter-node port, which serves one api (docs/protocol.md): a controller's
 * {@code rpc_listen} ({@code CONTROLLER} from brokers) or a broker's {@code rpc_listen}
 * ({@code REPLICA_FETCH} from followers). Each request is handed to its service on
 * {@code executor}, never on an I/O thread (the controller reads its store; a far-behind follower's
 * read may go to object storage). Any other api gets a frame-level {@code INVALID_REQUEST} that
 * says what the port is.
 */
public final class InterNodeDispatcher<Q extends RequestMessage> implements FrameHandler {
    private final FrameEncoder encoder;
    private final ApiKey api;
    private final String wrongApi;
    private final Function<Q, CompletableFuture<? extends ResponseMessage>> service;
    private final Function<String, ResponseMessage> failure;
    private final Executor executor;

    private InterNodeDispatcher(FrameEncoder encoder, ApiKey api, String wrongApi,
                                Function<Q, CompletableFuture<? extends ResponseMessage>> service,
                                Function<String, ResponseMessage> failure, Executor executor) {
        this.encoder = encoder;
        this.api = api;
        this.wrongApi = wrongApi;
        this.service = service;
        this.failure = failure;
        this.executor = executor;
    }

    /** A controller's RPC port for brokers. */
    public static InterNodeDispatcher<ControllerRequest> controller(FrameEncoder encoder,
            Function<ControllerRequest, ControllerResponse> service, Executor executor) {
        return new InterNodeDispatcher<>(encoder, ApiKey.CONTROLLER, "this is a controller's RPC port: it serves "
                + "CONTROLLER requests from brokers; clients use a broker's port (9092)",
                request -> CompletableFuture.completedFuture(service.apply(request)),
                message -> ControllerResponse.error(ErrorCode.INTERNAL_ERROR, "controller call failed: " + message),
                executor);
    }

    /** A broker's inter-broker port for its followers. */
    public static InterNodeDispatcher<ReplicaFetchRequest> replicaFetch(FrameEncoder encoder,
            Function<ReplicaFetchRequest, CompletableFuture<ReplicaFetchResponse>> service, Executor executor) {
        return new InterNodeDispatcher<>(encoder, ApiKey.REPLICA_FETCH, "this is a broker's inter-broker port: it "
                + "serves REPLICA_FETCH requests from followers; clients use the broker's port (9092)", service::apply,
                message -> ReplicaFetchResponse.error(ErrorCode.INTERNAL_ERROR, "replica fetch failed: " + message),
                executor);
    }

    @Override
    public int maxFrameBytes() {
        return encoder.maxFrameBytes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<ByteBuffer> dispatch(RequestFrame frame) {
        Q request;
        try {
            if (frame.apiKey() != api) {
                throw new RustMqException(ErrorCode.INVALID_REQUEST, wrongApi);
            }
            request = (Q) Messages.readRequest(frame);
        } catch (RustMqException e) {
            return CompletableFuture.completedFuture(
                    encoder.encodeErrorResponse(frame.correlationId(), e.code(), e.getMessage()));
        }
        return CompletableFuture.supplyAsync(() -> service.apply(request), executor)
                .thenCompose(f -> f)
                .handle((response, error) -> encoder.encodeResponse(frame.correlationId(), frame.apiVersion(),
                        error == null ? response : failure.apply(String.valueOf(error))));
    }
}
