package dev.rustmq.transport;

import dev.rustmq.protocol.RequestFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What a listener hands each request frame to: the broker's {@link RequestDispatcher} on the client
 * port, the {@link InterNodeDispatcher} on a controller's or a broker's RPC port. It answers every frame.
 */
public interface FrameHandler {

    /** The largest frame a connection accepts (bytes after the length prefix). */
    int maxFrameBytes();

    /** The response frame for {@code frame}; never completes exceptionally. */
    CompletableFuture<ByteBuffer> dispatch(RequestFrame frame);
}
