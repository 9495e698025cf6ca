package dev.rustmq.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.message.ControllerRequest;
import dev.rustmq.protocol.message.ControllerResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
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
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private final List<String> endpoints;
    private final Time time;
    private final long callTimeoutMs;
    private final FrameEncoder encoder = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);
    private String preferred;
    private Socket socket;
    private String connectedTo;
    private int correlationId;

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
                    disconnect();
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
        Socket s = connect(endpoint, timeoutMs);
        s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs)));
        int id = ++correlationId;
        ByteBuffer frame = encoder.encodeRequest(id, request);
        OutputStream out = s.getOutputStream();
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        if (length < Frames.MIN_RESPONSE_HEADER_BYTES || length > Frames.DEFAULT_MAX_FRAME_BYTES) {
            throw new IOException("controller at " + endpoint + " sent a frame of " + length + " bytes");
        }
        ByteBuffer whole = ByteBuffer.allocate(Frames.LENGTH_PREFIX_BYTES + length);
        whole.putInt(length);
        in.readFully(whole.array(), Frames.LENGTH_PREFIX_BYTES, length);
        whole.position(0);
        ResponseFrame response = FrameDecoder.forResponses(Frames.DEFAULT_MAX_FRAME_BYTES).decode(whole);
        if (response == null || response.correlationId() != id) {
            throw new IOException("controller at " + endpoint + " answered out of turn");
        }
        if (response.errorCode() != ErrorCode.NONE) {
            return ControllerResponse.error(response.errorCode(), response.errorMessage());
        }
        return ControllerResponse.read(response.body());
    }

    private Socket connect(String endpoint, long timeoutMs) throws IOException {
        if (socket != null && endpoint.equals(connectedTo) && !socket.isClosed()) {
            return socket;
        }
        disconnect();
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("\"" + endpoint + "\" is not host:port");
        }
        String host = endpoint.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("\"" + endpoint + "\" has no port number");
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MS, timeoutMs)));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        connectedTo = endpoint;
        return s;
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we give up on
            }
            socket = null;
            connectedTo = null;
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
