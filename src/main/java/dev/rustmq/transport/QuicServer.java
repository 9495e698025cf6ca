package dev.rustmq.transport;

import dev.rustmq.config.HostPort;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broker's client data port over QUIC (docs/protocol.md, "QUIC transport"): UDP on the same
 * host and port as the TCP transport, ALPN {@code rustmq}, TLS 1.3 (QUIC's own). Each client-opened
 * bidirectional stream carries exactly one request frame and gets exactly one response frame, then
 * the broker ends its side of the stream (FIN). Requests go to the same {@link RequestDispatcher}
 * as TCP.
 *
 * <p>Runs on Netty's own threads (never Liberty-managed ones) and binds asynchronously. Limits:
 * {@code max_connections} QUIC connections (more are closed at once), the idle timeout from
 * {@code connection_timeout_ms}, and at most {@link #MAX_STREAMS_PER_CONNECTION} open request
 * streams per connection (QUIC stream credit), so a client cannot make the broker buffer without
 * bound.
 */
public final class QuicServer extends NettyListener {
    private static final Logger LOG = Logger.getLogger(QuicServer.class.getName());

    public static final String ALPN = "rustmq";
    /** Concurrent request streams a client may have open on one connection. */
    public static final int MAX_STREAMS_PER_CONNECTION = 128;
    /** Application error code of a connection closed because {@code max_connections} was reached. */
    public static final int CONNECTION_LIMIT_ERROR = 0x101;

    private static final long STREAM_WINDOW_BYTES = 1 << 20;
    private static final long CONNECTION_WINDOW_BYTES = 16 << 20;
    /** UDP payload on loopback (no path MTU to respect); elsewhere quiche's conservative default. */
    private static final int LOOPBACK_UDP_PAYLOAD = 8192;
    private static final int DEFAULT_UDP_PAYLOAD = 1350;

    private final Path certPath;
    private final Path keyPath;
    private final EventLoopGroup group;
    private volatile boolean selfSigned;

    /**
     * @param certPath PEM certificate chain, or null (with {@code keyPath} null) for a generated self-signed one
     * @param keyPath PEM PKCS#8 private key, or null
     */
    public QuicServer(HostPort listen, FrameHandler dispatcher, int maxConnections, long idleTimeoutMs,
                      Path certPath, Path keyPath) {
        this(listen, dispatcher, maxConnections, idleTimeoutMs, certPath, keyPath, DataPlaneObserver.NOOP);
    }

    /** @param observer told of connections opened, closed and rejected */
    public QuicServer(HostPort listen, FrameHandler dispatcher, int maxConnections, long idleTimeoutMs,
                      Path certPath, Path keyPath, DataPlaneObserver observer) {
        super(listen, Transport.QUIC, dispatcher, maxConnections, idleTimeoutMs, observer);
        if ((certPath == null) != (keyPath == null)) {
            throw new IllegalArgumentException("certificate and private key must be given together");
        }
        this.certPath = certPath;
        this.keyPath = keyPath;
        // One UDP socket: all QUIC connections live on its event loop. Netty's own daemon thread (docs/protocol.md).
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rustmq-quic", true), ioHandlers());
    }

    /** Starts binding; the future completes with the bound UDP address (or the failure). Returns at once. */
    public CompletableFuture<InetSocketAddress> start() {
        ChannelHandler codec;
        try {
            Quic.ensureAvailability();
            int payload = isLoopback(listen.host()) ? LOOPBACK_UDP_PAYLOAD : DEFAULT_UDP_PAYLOAD;
            codec = new QuicServerCodecBuilder()
                    .sslContext(sslContext())
                    .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                    .maxIdleTimeout(idleTimeoutMs, TimeUnit.MILLISECONDS)
                    .maxSendUdpPayloadSize(payload)
                    .maxRecvUdpPayloadSize(payload)
                    .initialMaxData(CONNECTION_WINDOW_BYTES)
                    .initialMaxStreamDataBidirectionalRemote(STREAM_WINDOW_BYTES)
                    .initialMaxStreamDataBidirectionalLocal(STREAM_WINDOW_BYTES)
                    .initialMaxStreamsBidirectional(MAX_STREAMS_PER_CONNECTION)
                    .initialMaxStreamsUnidirectional(0)
                    .handler(new ConnectionLimiter())
                    .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                        @Override
                        protected void initChannel(QuicStreamChannel ch) {
                            ch.pipeline().addLast("request", new QuicStreamHandler(pipeline));
                        }
                    })
                    .build();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "RustMQ QUIC transport cannot start on " + listen + ": " + e, e);
            bound.completeExceptionally(e);
            return bound.copy();
        }
        int payload = isLoopback(listen.host()) ? LOOPBACK_UDP_PAYLOAD : DEFAULT_UDP_PAYLOAD;
        ChannelFuture bind = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                // Room for a whole datagram: Netty's default UDP read buffer (2048 bytes) truncates larger ones.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(payload + 512))
                .handler(codec)
                .bind(new InetSocketAddress(listen.host(), listen.port()));
        whenBound(bind, "udp ", () -> "ALPN " + ALPN + ", " + (selfSigned ? "self-signed certificate"
                : "certificate " + certPath) + (epoll ? ", epoll" : ", nio"));
        return bound.copy();
    }

    private QuicSslContext sslContext() {
        QuicSslContextBuilder builder;
        if (certPath != null) {
            builder = QuicSslContextBuilder.forServer(keyPath.toFile(), null, certPath.toFile());
        } else {
            SelfSignedCertificate cert;
            try {
                cert = SelfSignedCertificate.builder().fqdn("localhost").build();
            } catch (CertificateException e) {
                throw new IllegalStateException("could not generate a self-signed certificate: " + e.getMessage(), e);
            }
            selfSigned = true;
            LOG.warning("RustMQ QUIC transport: [network] tls_cert_path and tls_key_path are not set, so it uses a "
                    + "generated self-signed certificate. Clients must trust that certificate explicitly (or skip "
                    + "verification, tests only); configure a real certificate and key for production.");
            builder = QuicSslContextBuilder.forServer(cert.key(), null, cert.cert());
        }
        return builder.applicationProtocols(ALPN).build();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Counts QUIC connections and closes those above {@code max_connections}. */
    @ChannelHandler.Sharable
    private final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            QuicChannel ch = (QuicChannel) ctx.channel();
            if (!admit(ch)) {
                ch.close(true, CONNECTION_LIMIT_ERROR, Unpooled.copiedBuffer(
                        "[network] max_connections reached", StandardCharsets.US_ASCII));
                return;
            }
            ctx.fireChannelActive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.FINE, "QUIC connection error from " + ctx.channel().remoteAddress() + ": " + cause, cause);
            ctx.close();
        }
    }

    public boolean usesSelfSignedCertificate() {
        return selfSigned;
    }

    /** Connections first, so their CONNECTION_CLOSE goes out before the UDP socket closes: clients learn at once. */
    @Override
    protected void stop() {
        Channel udp = serverChannel;
        channels.close(ch -> ch != udp).awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        group.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
