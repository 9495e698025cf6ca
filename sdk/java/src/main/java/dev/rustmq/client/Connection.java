package dev.rustmq.client;

import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.Messages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One TCP connection to a broker: requests are written back to back without waiting (pipelined);
 * one reader thread decodes responses and completes each request's future by its correlation id,
 * in whatever order they come back. When the connection ends every request in flight fails with
 * {@link ConnectionLostException}; so does every later one.
 */
final class Connection implements ClientTransport {
    private record Pending(ApiKey api, short version, CompletableFuture<ResponseMessage> future) {
    }

    private final SocketChannel channel;
    private final String peer;
    private final FrameEncoder encoder;
    private final FrameDecoder<ResponseFrame> decoder;
    private final Map<Integer, Pending> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger nextCorrelationId = new AtomicInteger();
    private final Object writeLock = new Object();
    private final Thread reader;
    private final Time time;
    private volatile RustMqClientException closedBecause;

    private Connection(SocketChannel channel, String peer, int maxFrameBytes, Time time) {
        this.channel = channel;
        this.time = time;
        this.peer = peer;
        this.encoder = new FrameEncoder(maxFrameBytes);
        this.decoder = FrameDecoder.forResponses(maxFrameBytes);
        this.reader = new Thread(this::readLoop, "rustmq-client-reader-" + peer);
        reader.setDaemon(true);
    }

    static Connection open(InetSocketAddress address, Duration connectTimeout, int maxFrameBytes) {
        return open(address, connectTimeout, maxFrameBytes, Time.SYSTEM);
    }

    /** Connects within {@code connectTimeout}; requests time out on {@code time}. */
    static Connection open(InetSocketAddress address, Duration connectTimeout, int maxFrameBytes, Time time) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            channel.socket().setTcpNoDelay(true);
            channel.socket().setKeepAlive(true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ConnectionLostException("could not connect to " + address + ": " + e.getMessage(), e);
        }
        Connection connection = new Connection(channel, address.getHostString() + ":" + address.getPort(),
                maxFrameBytes, time);
        connection.reader.start();
        return connection;
    }

    @Override
    public CompletableFuture<ResponseMessage> send(RequestMessage request, short version, Duration timeout) {
        CompletableFuture<ResponseMessage> future = new CompletableFuture<>();
        int id = nextId();
        ByteBuffer frame;
        try {
            frame = encoder.encodeRequest(id, version, request);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(new RustMqClientException(e.code(), e.getMessage(), e));
        }
        inFlight.put(id, new Pending(request.apiKey(), version, future));
        RustMqClientException closed = closedBecause;
        if (closed != null) {
            inFlight.remove(id);
            return CompletableFuture.failedFuture(closed);
        }
        try {
            synchronized (writeLock) {
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
            }
        } catch (IOException e) {
            fail(new ConnectionLostException("connection to " + peer + " lost while sending: " + e.getMessage(), e));
        }
        return time.orTimeout(future, timeout.toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            inFlight.remove(id);
            if (error == null) {
                return response;
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof TimeoutException) {
                throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, request.apiKey()
                        + " request to " + peer + " got no response within " + timeout.toMillis() + " ms", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RustMqClientException(ErrorCode.UNKNOWN_SERVER_ERROR, cause.toString(), cause);
        });
    }

    /** Unique among requests in flight: ids wrap, skipping -1 (the broker's "unknown") and ids still waiting. */
    private int nextId() {
        while (true) {
            int id = nextCorrelationId.getAndIncrement();
            if (id != Frames.UNKNOWN_CORRELATION_ID && !inFlight.containsKey(id)) {
                return id;
            }
        }
    }

    int inFlightCount() {
        return inFlight.size();
    }

    @Override
    public boolean isOpen() {
        return closedBecause == null;
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    decoder.endOfInput();
                    fail(new ConnectionLostException("connection to " + peer + " closed by the broker", null));
                    return;
                }
                buffer.flip();
                ResponseFrame frame;
                while ((frame = decoder.decode(buffer)) != null) {
                    dispatch(frame);
                }
            }
        } catch (ProtocolException e) {
            fail(new ConnectionLostException("bad response stream from " + peer + ": " + e.getMessage(), e));
        } catch (IOException e) {
            fail(new ConnectionLostException("connection to " + peer + " lost: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            fail(new ConnectionLostException("reader of " + peer + " failed: " + e, e));
        }
    }

    private void dispatch(ResponseFrame frame) {
        if (frame.correlationId() == Frames.UNKNOWN_CORRELATION_ID) {
            // A framing error: the broker closes the connection after this frame.
            fail(new ConnectionLostException("the broker " + peer + " rejected the stream: " + frame.errorCode()
                    + ": " + frame.errorMessage(), null));
            return;
        }
        Pending pending = inFlight.remove(frame.correlationId());
        if (pending == null) {
            return; // timed out already
        }
        if (frame.errorCode() != ErrorCode.NONE) {
            pending.future.completeExceptionally(new RustMqClientException(frame.errorCode(), frame.errorMessage()));
            return;
        }
        try {
            pending.future.complete(Messages.readResponse(pending.api, pending.version, frame.body()));
        } catch (ProtocolException e) {
            pending.future.completeExceptionally(new RustMqClientException(e.code(), "could not read the "
                    + pending.api + " response: " + e.getMessage(), e));
        }
    }

    private void fail(RustMqClientException cause) {
        synchronized (this) {
            if (closedBecause == null) {
                closedBecause = cause;
            }
        }
        closeQuietly(channel);
        List<Integer> ids = new ArrayList<>(inFlight.keySet());
        for (Integer id : ids) {
            Pending pending = inFlight.remove(id);
            if (pending != null) {
                pending.future.completeExceptionally(closedBecause);
            }
        }
    }

    @Override
    public void close() {
        fail(new ConnectionLostException("the client closed the connection to " + peer, null));
        if (Thread.currentThread() != reader) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
