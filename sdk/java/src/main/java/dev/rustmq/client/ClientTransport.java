package dev.rustmq.client;

import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link RustMqClient} reaches its broker: TCP (one pipelined connection) or QUIC (one
 * stream per request, {@code dev.rustmq.client.quic}). Implementations are thread-safe.
 */
public interface ClientTransport extends AutoCloseable {
    /**
     * Sends {@code request} in {@code version}. The future completes with the response body, or
     * fails with a {@link RustMqClientException}: the broker's frame-level error, {@code
     * REQUEST_TIMED_OUT} after {@code timeout}, or {@link ConnectionLostException}.
     */
    CompletableFuture<ResponseMessage> send(RequestMessage request, short version, Duration timeout);

    /** Whether requests may still be sent. */
    boolean isOpen();

    /** Closes the transport; requests in flight fail with {@link ConnectionLostException}. */
    @Override
    void close();
}
