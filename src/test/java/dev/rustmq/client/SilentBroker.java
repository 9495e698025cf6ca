package dev.rustmq.client;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestFrame;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker stand-in on 127.0.0.1 that answers ApiVersions and then reads requests without ever
 * answering them, so a test can cut the connection with requests in flight. It serves one
 * connection at a time and accepts the next when that one ends (a client reconnecting).
 */
final class SilentBroker implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Socket socket;

    SilentBroker() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "silent-broker");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    int unansweredRequests() {
        return unanswered.get();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                socket = s;
                connections.incrementAndGet();
                serve(s);
            } catch (IOException e) {
                // this connection ended (dropped by the test); the next accept fails once the server is closed
            }
        }
    }

    private void serve(Socket s) throws IOException {
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(Frames.DEFAULT_MAX_FRAME_BYTES);
        FrameEncoder encoder = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (RequestFrame frame : decoder.decodeAll(ByteBuffer.wrap(buffer, 0, n))) {
                if (frame.apiKey() == ApiKey.API_VERSIONS) {
                    ByteBuffer response = encoder.encodeResponse(frame.correlationId(), frame.apiVersion(),
                            ApiVersionsResponse.ofThisBroker(Frames.DEFAULT_MAX_FRAME_BYTES));
                    out.write(response.array(), 0, response.limit());
                    out.flush();
                } else {
                    unanswered.incrementAndGet();
                }
            }
        }
    }

    /** Drops the client's connection. */
    void dropConnection() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws Exception {
        dropConnection();
        server.close();
        thread.join(5_000);
    }
}
