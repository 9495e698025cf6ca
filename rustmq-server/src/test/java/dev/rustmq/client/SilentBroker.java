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
 * answering them, so a test can cut the connection with requests in flight.
 */
final class SilentBroker implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicInteger unanswered = new AtomicInteger();
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

    private void serve() {
        FrameDecoder<RequestFrame> decoder = FrameDecoder.forRequests(Frames.DEFAULT_MAX_FRAME_BYTES);
        FrameEncoder encoder = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);
        try (Socket s = server.accept()) {
            socket = s;
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
        } catch (IOException e) {
            // closed by the test
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
