package dev.rustmq.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.message.ControllerRequest;
import dev.rustmq.protocol.message.ControllerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A broker's connection to the active controller (docs/cluster.md, "Brokers"): one call at a
 * time over a plain socket to a controller's {@code rpc_listen} port, framed like every other
 * request. It starts with the controller that answered last, follows a standby's
 * {@code NOT_CONTROLLER} hint to the active one, moves on from a controller it cannot reach or
 * that has no quorum, and goes round {@code [controller] endpoints} until the call's time is up.
 * Metadata calls are few, so one connection and one call at a time are enough.
 */
public final class ControllerRpcClient implements AutoCloseable {
    private static final long RETRY_PAUSE_MS = 100;

    private final List<String> endpoints;
    private final Time time;
    private final long callTimeoutMs;
    private final FrameSocket socket = new FrameSocket("controller");
    private String preferred;

    /** @param endpoints the controllers' RPC addresses ({@code host:port}), {@code [controller] endpoints} */
    public ControllerRpcClient(List<String> endpoints, Time time, long callTimeoutMs) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no controller endpoints");
        }
        this.endpoints = List.copyOf(endpoints);
        this.time = time;
        this.callTimeoutMs = callTimeoutMs;
    }

    /**
     * Calls {@code method} on the active controller; returns its JSON result. Throws the
     * controller's own error as a {@link RustMqException}, or {@link MetadataStoreException} when no
     * active controller answered in time.
     */
    public synchronized String call(String method, String json) {
        long deadline = time.milliseconds() + callTimeoutMs;
        String last = "no attempt";
        while (true) {
            Set<String> order = new LinkedHashSet<>();
            if (preferred != null) {
                order.add(preferred);
            }
            order.addAll(endpoints);
            List<String> queue = new ArrayList<>(order);
            Set<String> tried = new LinkedHashSet<>();
            while (!queue.isEmpty()) {
                String endpoint = queue.remove(0);
                if (!tried.add(endpoint)) {
                    continue;
                }
                long remaining = deadline - time.milliseconds();
                if (remaining <= 0) {
                    break;
                }
                ControllerResponse response;
                try {
                    response = exchange(endpoint, new ControllerRequest(method, json), remaining);
                } catch (IOException e) {
                    last = endpoint + ": " + e.getMessage();
                    continue;
                }
                if (response.errorCode() == ErrorCode.NONE) {
                    preferred = endpoint;
                    return response.json();
                }
                last = endpoint + ": " + response.errorMessage();
                if (response.errorCode() == ErrorCode.NOT_CONTROLLER) {
                    JsonNode hint = RpcJson.tree(response.json()).path("rpc");
                    if (hint.isTextual()) {
                        queue.add(0, hint.asText());
                    }
                    continue;
                }
                if (response.errorCode() == ErrorCode.METADATA_STORE_UNAVAILABLE) {
                    continue; // a controller cut off from the others; another may have the quorum
                }
                preferred = endpoint;
                throw new RustMqException(response.errorCode(), response.errorMessage());
            }
            long remaining = deadline - time.milliseconds();
            if (remaining <= 0) {
                throw new MetadataStoreException("no active controller answered " + method + " at " + endpoints
                        + " within " + callTimeoutMs + " ms (last: " + last + ")", null);
            }
            try {
                time.sleep(Math.min(RETRY_PAUSE_MS, remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetadataStoreException("interrupted while waiting for an active controller", e);
            }
        }
    }

    private ControllerResponse exchange(String endpoint, ControllerRequest request, long timeoutMs) throws IOException {
        ResponseFrame response = socket.exchange(endpoint, request, timeoutMs);
        if (response.errorCode() != ErrorCode.NONE) {
            return ControllerResponse.error(response.errorCode(), response.errorMessage());
        }
        return ControllerResponse.read(response.body());
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}
