package dev.rustmq.client.quic;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The requests of one QUIC connection and every decision about them that needs no network, so
 * that they run on a {@code MockTime} in unit tests; {@link QuicClientTransport} opens the streams
 * and moves the bytes. A request fails with {@code REQUEST_TIMED_OUT} once its timeout has passed
 * on the injected clock (its stream, if it has one, is closed); requests wait in arrival order for
 * one of the broker's open streams, skipping those that failed meanwhile; produces to one
 * partition go one at a time ({@link ProduceSequencer}); the connection's end fails every request
 * in flight and every later one; a keep-alive is due once nothing was sent for the idle interval.
 *
 * @param <S> the stream a request is sent on ({@code QuicStreamChannel}; anything in tests)
 */
final class QuicRequests<S> {
    /** One request: its frame, the future its response completes, and the stream it got. */
    static final class Request<S> {
        final ApiKey api;
        final short version;
        final ByteBuffer frame;
        /** The partition of a produce (they keep their order), else null. */
        final TopicPartition partition;
        final CompletableFuture<ResponseMessage> future = new CompletableFuture<>();
        volatile S stream;

        private Request(ApiKey api, short version, ByteBuffer frame, TopicPartition partition) {
            this.api = api;
            this.version = version;
            this.frame = frame;
            this.partition = partition;
        }

        void fail(RustMqClientException e) {
            future.completeExceptionally(e);
        }
    }

    private final Time time;
    private final String peer;
    private final int maxOpenStreams;
    private final Consumer<S> closeStream;
    private final Map<Request<S>, Boolean> inFlight = new ConcurrentHashMap<>();
    /** Event loop only. */
    private final ArrayDeque<Request<S>> waitingForStream = new ArrayDeque<>();
    /** Event loop only. */
    private int openStreams;
    /** Event loop only: produces wait for the previous one to their partition (docs/client.md, QUIC). */
    private final ProduceSequencer<Request<S>> produceOrder = new ProduceSequencer<>();
    private volatile RustMqClientException closedBecause;
    /** {@link Time#nanoseconds()} of the last request sent. */
    private volatile long lastSendNanos;

    /**
     * @param peer the broker, for messages
     * @param maxOpenStreams bidirectional streams the broker lets a client have open at once
     * @param closeStream closes the stream of a request that failed or timed out
     */
    QuicRequests(Time time, String peer, int maxOpenStreams, Consumer<S> closeStream) {
        this.time = time;
        this.peer = peer;
        this.maxOpenStreams = maxOpenStreams;
        this.closeStream = closeStream;
        this.lastSendNanos = time.nanoseconds();
    }

    /** Why the connection ended, or null while it is open. */
    RustMqClientException closedBecause() {
        return closedBecause;
    }

    /**
     * Any thread: a new request in flight, failed at once if the connection has ended. Queue it
     * with {@link #enqueue} on the event loop; its caller gets {@link #response}.
     */
    Request<S> add(ApiKey api, short version, ByteBuffer frame, TopicPartition partition) {
        lastSendNanos = time.nanoseconds();
        Request<S> request = new Request<>(api, version, frame, partition);
        inFlight.put(request, Boolean.TRUE);
        RustMqClientException closed = closedBecause;
        if (closed != null) {
            // Ended meanwhile; fail() may have run before the put.
            inFlight.remove(request);
            request.fail(closed);
        }
        return request;
    }

    /**
     * The response of {@code request}: it fails with {@code REQUEST_TIMED_OUT} if none came within
     * {@code timeout}, with the connection's end, or with the stream's or the broker's error.
     */
    CompletableFuture<ResponseMessage> response(Request<S> request, Duration timeout) {
        return time.orTimeout(request.future, timeout.toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            inFlight.remove(request);
            if (error == null) {
                return response;
            }
            S stream = request.stream;
            if (stream != null) {
                closeStream.accept(stream);
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof TimeoutException) {
                throw new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, request.api + " request to quic://"
                        + peer + " got no response within " + timeout.toMillis() + " ms", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RustMqClientException(ErrorCode.UNKNOWN_SERVER_ERROR, cause.toString(), cause);
        });
    }

    /** Event loop: queues a request for a stream (a produce only once the previous one to its partition finished). */
    void enqueue(Request<S> request) {
        // A request failed before this ran (connection lost) is not queued: nothing would dequeue it.
        if (request.partition == null || (!request.future.isDone() && produceOrder.admit(request.partition, request))) {
            waitingForStream.add(request);
        }
    }

    /** Event loop: a produce has its answer (or failed); true if the next one to its partition was queued. */
    boolean finished(Request<S> produce) {
        Request<S> next = produceOrder.finished(produce.partition, produce);
        if (next == null) {
            return false;
        }
        waitingForStream.add(next);
        return true;
    }

    /**
     * Event loop: the next request to open a stream for, counted as open, or null when none waits
     * or the broker's stream limit is reached. Requests that failed while waiting are skipped; once
     * the connection has ended, waiting requests fail with its cause.
     */
    Request<S> nextToOpen() {
        while (openStreams < maxOpenStreams && !waitingForStream.isEmpty()) {
            Request<S> request = waitingForStream.poll();
            if (request.future.isDone()) {
                continue; // timed out or failed while waiting
            }
            RustMqClientException closed = closedBecause;
            if (closed != null) {
                request.fail(closed);
                continue;
            }
            openStreams++;
            return request;
        }
        return null;
    }

    /** Event loop: a stream counted by {@link #nextToOpen} closed, or could not be opened. */
    void streamClosed() {
        openStreams--;
    }

    /** Whether nothing was sent for {@code idleNanos} on an open connection: a keep-alive should go out. */
    boolean keepAliveDue(long idleNanos) {
        return closedBecause == null && time.nanoseconds() - lastSendNanos >= idleNanos;
    }

    /** The connection ended: requests in flight fail with {@code cause} (the first one given), and so do later ones. */
    void fail(RustMqClientException cause) {
        synchronized (this) {
            if (closedBecause == null) {
                closedBecause = cause;
            }
        }
        for (Request<S> request : inFlight.keySet()) {
            if (inFlight.remove(request) != null) {
                request.fail(closedBecause);
            }
        }
    }

    /** Requests sent and not yet answered, failed or timed out. */
    int inFlight() {
        return inFlight.size();
    }
}
