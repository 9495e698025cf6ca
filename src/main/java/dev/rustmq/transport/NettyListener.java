package dev.rustmq.transport;

import dev.rustmq.config.HostPort;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the TCP and QUIC listeners share: the {@link RequestPipeline} their connections hand
 * requests to, the address asked for and the bind outcome (binding is asynchronous so Liberty
 * start-up never waits on it), and connection accounting: {@code max_connections} admitted at
 * once, counted for readiness and reported to a {@link DataPlaneObserver} for the connection
 * metrics. Closing is once only; subclasses stop their channels and event loops in {@link #stop()}.
 */
abstract class NettyListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NettyListener.class.getName());

    protected final HostPort listen;
    protected final RequestPipeline pipeline;
    protected final long idleTimeoutMs;
    /** Epoll when the native library loads, NIO otherwise. */
    protected final boolean epoll = Epoll.isAvailable();
    /** The listening channel and every admitted connection, closed together. */
    protected final ChannelGroup channels;
    protected final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    protected volatile Channel serverChannel;
    protected volatile boolean closed;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger rejectedConnections = new AtomicInteger();
    private final int maxConnections;
    private final Transport transport;
    private final DataPlaneObserver observer;

    protected NettyListener(HostPort listen, Transport transport, FrameHandler dispatcher, int maxConnections,
                            long idleTimeoutMs, DataPlaneObserver observer) {
        this.listen = listen;
        this.transport = transport;
        this.pipeline = new RequestPipeline(dispatcher);
        this.maxConnections = maxConnections;
        this.idleTimeoutMs = idleTimeoutMs;
        this.observer = observer;
        this.channels = new DefaultChannelGroup("rustmq-" + transport.label(), GlobalEventExecutor.INSTANCE);
    }

    /** The event-loop I/O of this platform: epoll or NIO. */
    protected IoHandlerFactory ioHandlers() {
        return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /**
     * Admits a new connection, counting it until its channel closes; false (the caller closes it,
     * its transport's way) while closing or when {@code max_connections} are open, counted as
     * rejected.
     */
    protected boolean admit(Channel connection) {
        if (closed || connections.incrementAndGet() > maxConnections) {
            if (!closed) {
                connections.decrementAndGet();
            }
            rejectedConnections.incrementAndGet();
            observer.connectionRejected(transport);
            LOG.fine(() -> "closing " + transport + " connection from " + connection.remoteAddress()
                    + ": [network] max_connections (" + maxConnections + ") reached");
            return false;
        }
        channels.add(connection);
        observer.connectionOpened(transport);
        connection.closeFuture().addListener(f -> {
            connections.decrementAndGet();
            observer.connectionClosed(transport);
        });
        return true;
    }

    /**
     * Completes {@link #bound} with the outcome of {@code bind} and logs it; a listener closed
     * while binding closes the channel it gets.
     *
     * @param scheme written before addresses in the log ("udp " for QUIC)
     * @param details what the log line adds in brackets after the bound address
     */
    protected void whenBound(ChannelFuture bind, String scheme, Supplier<String> details) {
        bind.addListener(f -> {
            if (f.isSuccess()) {
                serverChannel = bind.channel();
                channels.add(serverChannel);
                InetSocketAddress address = (InetSocketAddress) bind.channel().localAddress();
                LOG.info(() -> "RustMQ " + transport + " transport listening on " + scheme + address.getHostString()
                        + ":" + address.getPort() + " (" + details.get() + ")");
                bound.complete(address);
                if (closed) {
                    bind.channel().close();
                }
            } else {
                LOG.log(Level.SEVERE, "RustMQ " + transport + " transport could not bind " + scheme + listen + ": "
                        + f.cause(), f.cause());
                bound.completeExceptionally(f.cause());
            }
        });
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

    public boolean usesEpoll() {
        return epoll;
    }

    /** Stops accepting, closes every connection and stops the event loops (waits up to a few seconds). */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (!bound.isDone()) {
            bound.completeExceptionally(new IllegalStateException("the " + transport
                    + " transport was closed before it bound"));
        }
        LOG.info("RustMQ " + transport + " transport stopped");
    }

    /** Closes the channels and shuts the event loops down; runs once, from {@link #close()}. */
    protected abstract void stop();
}
