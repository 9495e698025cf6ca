package dev.rustmq.transport;

import dev.rustmq.config.HostPort;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the TCP and QUIC listeners share: the address asked for, the bind outcome (binding is
 * asynchronous so Liberty start-up never waits on it), and connection counts for readiness.
 */
abstract class NettyListener implements AutoCloseable {
    protected final HostPort listen;
    protected final AtomicInteger connections = new AtomicInteger();
    protected final AtomicInteger rejectedConnections = new AtomicInteger();
    protected final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    protected volatile Channel serverChannel;
    protected volatile boolean closed;

    protected NettyListener(HostPort listen) {
        this.listen = listen;
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
