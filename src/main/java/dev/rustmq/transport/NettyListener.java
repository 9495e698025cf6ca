package dev.rustmq.transport;

import dev.rustmq.config.HostPort;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.Transport;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the TCP and QUIC listeners share: the address asked for, the bind outcome (binding is
 * asynchronous so Liberty start-up never waits on it), and connection counts for readiness,
 * also reported to a {@link DataPlaneObserver} for the connection metrics.
 */
abstract class NettyListener implements AutoCloseable {
    protected final HostPort listen;
    protected final AtomicInteger connections = new AtomicInteger();
    protected final AtomicInteger rejectedConnections = new AtomicInteger();
    protected final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    protected volatile Channel serverChannel;
    protected volatile boolean closed;
    private final Transport transport;
    private final DataPlaneObserver observer;

    protected NettyListener(HostPort listen, Transport transport, DataPlaneObserver observer) {
        this.listen = listen;
        this.transport = transport;
        this.observer = observer;
    }

    /** Counts an accepted connection (already in {@link #connections}) until its channel closes. */
    protected void track(Channel connection) {
        observer.connectionOpened(transport);
        connection.closeFuture().addListener(f -> {
            connections.decrementAndGet();
            observer.connectionClosed(transport);
        });
    }

    /** Counts a connection refused at {@code max_connections} (or while closing). */
    protected void rejected() {
        rejectedConnections.incrementAndGet();
        observer.connectionRejected(transport);
    }

    /** The address bound, once it is. */
    public Optional<InetSocketAddress> boundAddress() {
        return bound.isDone() && !bound.isCompletedExceptionally() ? Optional.of(bound.join()) : Optional.empty();
    }

    /** Listening right now: bound and not closed. */
    public boolean isListening() {
        Channel c = serverChannel;
        return !closed && c != null && c.isActive();
    }

    /** Why binding failed, if it did. */
    public Optional<Throwable> bindFailure() {
        if (!bound.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            bound.join();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        }
    }

    public HostPort listen() {
        return listen;
    }

    public int connectionCount() {
        return connections.get();
    }

    public int rejectedConnectionCount() {
        return rejectedConnections.get();
    }

    @Override
    public abstract void close();
}
