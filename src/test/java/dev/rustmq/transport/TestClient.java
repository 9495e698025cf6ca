package dev.rustmq.transport;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A small blocking client of the binary protocol over a plain socket: pipelined sends, responses by correlation id. */
final class TestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameEncoder encoder = new FrameEncoder(64 << 20);
    private final FrameDecoder<ResponseFrame> decoder = FrameDecoder.forResponses(64 << 20);
    private final Map<Integer, ApiKey> sent = new HashMap<>();
    private final Deque<ResponseFrame> received = new ArrayDeque<>();
    private int nextCorrelationId = 1;

    TestClient(InetSocketAddress address) {
        try {
            socket = new Socket();
            socket.connect(address, 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request without waiting; returns its correlation id. */
    int send(RequestMessage request) {
        int id = nextCorrelationId++;
        sent.put(id, request.apiKey());
        writeRaw(encoder.encodeRequest(id, request));
        return id;
    }

    void writeRaw(ByteBuffer bytes) {
        try {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeRaw(byte[] bytes) {
        writeRaw(ByteBuffer.wrap(bytes));
    }

    /** The next response frame to arrive, whatever its correlation id; null at end of stream. */
    ResponseFrame nextFrame() {
        if (!received.isEmpty()) {
            return received.poll();
        }
        byte[] buffer = new byte[64 * 1024];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return null;
                }
                received.addAll(decoder.decodeAll(ByteBuffer.wrap(buffer, 0, n)));
                if (!received.isEmpty()) {
                    return received.poll();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within the socket timeout", e);
        } catch (IOException e) {
            // A reset after the server closed counts as the end of the stream.
            return null;
        }
    }

    /** The response body of request {@code id}, waiting and keeping any others that arrive first. */
    ResponseMessage await(int id) {
        for (ResponseFrame f : received) {
            if (f.correlationId() == id) {
                received.remove(f);
                return body(f);
            }
        }
        Deque<ResponseFrame> others = new ArrayDeque<>();
        while (true) {
            ResponseFrame f = nextFrame();
            if (f == null) {
                throw new AssertionError("connection closed before the response to " + id);
            }
            if (f.correlationId() == id) {
                received.addAll(others);
                return body(f);
            }
            others.add(f);
        }
    }

    private ResponseMessage body(ResponseFrame f) {
        if (f.errorCode() != ErrorCode.NONE) {
            throw new FrameError(f);
        }
        ApiKey api = sent.remove(f.correlationId());
        return Messages.readResponse(api, (short) 0, f.body());
    }

    @SuppressWarnings("unchecked")
    <R extends ResponseMessage> R call(RequestMessage request) {
        return (R) await(send(request));
    }

    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A frame-level error response. */
    static final class FrameError extends RuntimeException {
        final transient ResponseFrame frame;

        FrameError(ResponseFrame frame) {
            super(frame.errorCode() + ": " + frame.errorMessage());
            this.frame = frame;
        }
    }
}
