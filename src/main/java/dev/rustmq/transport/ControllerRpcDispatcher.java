package dev.rustmq.transport;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.RequestFrame;
import dev.rustmq.protocol.message.ControllerRequest;
import dev.rustmq.protocol.message.ControllerResponse;
import dev.rustmq.protocol.message.Messages;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The frames of a controller's RPC port ({@code [controller] rpc_listen}, docs/protocol.md,
 * "Controller"): only {@code CONTROLLER} requests, each handed to the controller's service on
 * {@code executor} (it reads and writes the metadata store, never on an I/O thread). Anything
 * else gets a frame-level {@code INVALID_REQUEST} that says what this port is.
 */
public final class ControllerRpcDispatcher implements FrameHandler {
    private final FrameEncoder encoder;
    private final Function<ControllerRequest, ControllerResponse> service;
    private final Executor executor;

    public ControllerRpcDispatcher(FrameEncoder encoder, Function<ControllerRequest, ControllerResponse> service,
                                   Executor executor) {
        this.encoder = encoder;
        this.service = service;
        this.executor = executor;
    }

    @Override
    public int maxFrameBytes() {
        return encoder.maxFrameBytes();
    }

    @Override
    public CompletableFuture<ByteBuffer> dispatch(RequestFrame frame) {
        ControllerRequest request;
        try {
            if (frame.apiKey() != ApiKey.CONTROLLER) {
                throw new RustMqException(ErrorCode.INVALID_REQUEST, "this is a controller's RPC port: it serves "
                        + "CONTROLLER requests from brokers; clients use a broker's port (9092)");
            }
            request = (ControllerRequest) Messages.readRequest(frame);
        } catch (RustMqException e) {
            return CompletableFuture.completedFuture(
                    encoder.encodeErrorResponse(frame.correlationId(), e.code(), e.getMessage()));
        }
        return CompletableFuture.supplyAsync(() -> service.apply(request), executor)
                .handle((response, error) -> encoder.encodeResponse(frame.correlationId(), frame.apiVersion(),
                        error == null ? response : ControllerResponse.error(ErrorCode.INTERNAL_ERROR,
                                "controller call failed: " + error)));
    }
}
