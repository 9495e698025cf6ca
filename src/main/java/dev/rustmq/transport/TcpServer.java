package dev.rustmq.transport;

import dev.rustmq.config.HostPort;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The broker's client data port over TCP (docs/protocol.md, "TCP transport"): protocol frames
 * pipelined on each connection, handed to a {@link RequestDispatcher}, answered as they complete
 * (possibly out of order). Runs on Netty's own event-loop threads (epoll when the native library
 * loads, NIO otherwise) — never on Liberty-managed threads — and binds asynchronously, so
 * start-up never waits on the network.
 */
public final class TcpServer extends NettyListener {
    /** A connection stops being read while this many of its requests are unanswered. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;

    private final int maxInFlightPerConnection;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;

    public TcpServer(HostPort listen, FrameHandler dispatcher, int maxConnections, long idleTimeoutMs) {
        this(listen, dispatcher, maxConnections, idleTimeoutMs, DataPlaneObserver.NOOP);
    }

    public TcpServer(HostPort listen, FrameHandler dispatcher, int maxConnections, long idleTimeoutMs,
                     DataPlaneObserver observer) {
        this(listen, dispatcher, maxConnections, idleTimeoutMs, DEFAULT_MAX_IN_FLIGHT, 0, observer);
    }

    public TcpServer(HostPort listen, FrameHandler dispatcher, int maxConnections, long idleTimeoutMs,
                     int maxInFlightPerConnection, int workerThreads) {
        this(listen, dispatcher, maxConnections, idleTimeoutMs, maxInFlightPerConnection, workerThreads,
                DataPlaneObserver.NOOP);
    }

    /**
     * @param workerThreads event-loop threads for connections; 0 for one per core (at least two)
     * @param observer told of connections opened, closed and rejected
     */
    public TcpServer(HostPort listen, FrameHandler dispatcher, int maxConnections, long idleTimeoutMs,
                     int maxInFlightPerConnection, int workerThreads, DataPlaneObserver observer) {
        super(listen, Transport.TCP, dispatcher, maxConnections, idleTimeoutMs, observer);
        this.maxInFlightPerConnection = maxInFlightPerConnection;
        int workers = workerThreads > 0 ? workerThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        // Netty's own daemon threads: a Liberty ManagedThreadFactory here can deadlock start-up (docs/protocol.md).
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rustmq-tcp-accept", true),
                ioHandlers());
        this.workerGroup = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("rustmq-tcp", true),
                ioHandlers());
    }

    /** Starts binding; the future completes with the bound address (or the bind failure). Returns at once. */
    public CompletableFuture<InetSocketAddress> start() {
        Class<? extends ServerSocketChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        ChannelFuture bind = bootstrap.bind(new InetSocketAddress(listen.host(), listen.port()));
        whenBound(bind, "", () -> epoll ? "epoll" : "nio");
        return bound.copy();
    }

    private void accept(SocketChannel ch) {
        if (!admit(ch)) {
            ch.close();
            return;
        }
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, idleTimeoutMs, TimeUnit.MILLISECONDS))
                .addLast("frames", new ConnectionHandler(pipeline, maxInFlightPerConnection));
    }

    @Override
    protected void stop() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
