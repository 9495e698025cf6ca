package dev.rustmq.client.quic;

import dev.rustmq.client.ClientOptions;
import dev.rustmq.client.ClientTransport;
import dev.rustmq.client.ConnectionLostException;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Futures;
import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.Messages;
import dev.rustmq.protocol.message.ProduceRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of the broker's QUIC transport (docs/protocol.md, "QUIC transport"): one QUIC
 * connection (ALPN {@code rustmq}, TLS 1.3), one bidirectional stream per request. A request frame
 * is written and the stream's output finished (FIN); the response frame (any size up to
 * {@code maxFrameBytes}) is decoded as it arrives and completes the request. At most
 * {@value #MAX_OPEN_STREAMS} streams are open at once (the broker's limit); further requests wait
 * for a stream. Produces to one partition go one at a time, in send order ({@link ProduceSequencer}),
 * as TCP's pipelining keeps them. A stream error fails its request only; the connection's end fails every request
 * in flight with {@link ConnectionLostException}. Futures complete on the connection's event loop.
 */
public final class QuicClientTransport implements ClientTransport {
    private static final Logger LOG = Logger.getLogger(QuicClientTransport.class.getName());

    /** The broker's ALPN. */
    public static final String ALPN = "rustmq";
    /** Bidirectional streams the broker lets a client have open at once. */
    static final int MAX_OPEN_STREAMS = 128;
    private static final int LOOPBACK_UDP_PAYLOAD = 8192;
    private static final int UDP_PAYLOAD = 1350;

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannel quic;
    private final String peer;
    private final FrameEncoder encoder;
    private final int maxFrameBytes;
    private final Time time;
    private final AtomicInteger nextCorrelationId = new AtomicInteger();
    private final QuicRequests<QuicStreamChannel> requests;
    private volatile ScheduledFuture<?> keepAlive;

    private QuicClientTransport(EventLoopGroup group, Channel udp, QuicChannel quic, String peer, int maxFrameBytes,
            Time time) {
        this.group = group;
        this.udp = udp;
        this.quic = quic;
        this.peer = peer;
        this.maxFrameBytes = maxFrameBytes;
        this.time = time;
        this.encoder = new FrameEncoder(maxFrameBytes);
        this.requests = new QuicRequests<>(time, peer, MAX_OPEN_STREAMS, QuicStreamChannel::close);
    }

    /** Connects (handshake included) within {@code options.connectTimeout()}, on the system clock. */
    public static QuicClientTransport open(InetSocketAddress address, ClientOptions options) {
        return open(address, options, Time.SYSTEM);
    }

    /** Connects (handshake included) within {@code options.connectTimeout()} on {@code time}, which times requests. */
    public static QuicClientTransport open(InetSocketAddress address, ClientOptions options, Time time) {
        String peer = address.getHostString() + ":" + address.getPort();
        var rejection = new java.util.concurrent.atomic.AtomicReference<String>();
        QuicSslContext ssl = sslContext(options, address.getHostString(), rejection);
        int payload = address.getAddress() != null && address.getAddress().isLoopbackAddress()
                ? LOOPBACK_UDP_PAYLOAD : UDP_PAYLOAD;
        long clientIdleMs = Math.max(options.requestTimeout().toMillis() * 2, 300_000L);
        var codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(clientIdleMs, TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(payload)
                .maxRecvUdpPayloadSize(payload)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .initialMaxStreamsBidirectional(0)
                .initialMaxStreamsUnidirectional(0)
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("rustmq-quic-client-" + peer, true), NioIoHandler.newFactory());
        Channel udp = null;
        try {
            udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    // Netty's default datagram read buffer is 2 KiB: larger QUIC packets would be cut.
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(payload + 512))
                    .handler(codec)
                    .bind(new InetSocketAddress(0)).sync().channel();
            QuicChannel quic = time.get(QuicChannel.newBootstrap(udp)
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(address)
                    .connect(), options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            QuicClientTransport transport = new QuicClientTransport(group, udp, quic, peer, options.maxFrameBytes(),
                    time);
            quic.closeFuture().addListener(f -> transport.fail(new ConnectionLostException(
                    "QUIC connection to " + peer + " closed", null)));
            transport.startKeepAlive(clientIdleMs, options.requestTimeout());
            return transport;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDown(group, udp);
            throw new ConnectionLostException("interrupted while connecting to quic://" + peer, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            shutDown(group, udp);
            Throwable cause = Futures.unwrap(e);
            if (e instanceof TimeoutException) {
                throw new ConnectionLostException("could not connect to quic://" + peer + ": no handshake within "
                        + options.connectTimeout().toMillis() + " ms", e);
            }
            if (isTls(cause)) {
                String why = rejection.get() != null ? rejection.get() : cause.getMessage();
                throw new ConnectionLostException("could not connect to quic://" + peer + ": TLS handshake failed ("
                        + why + "); is the broker's certificate trusted? Use "
                        + "ClientOptions.trustCertificatePem(...) for a self-signed or private-CA certificate", cause);
            }
            throw new ConnectionLostException("could not connect to quic://" + peer + ": " + cause, cause);
        }
    }

    /**
     * QUIC closes a connection with no packets for the negotiated idle timeout (the broker's
     * {@code connection_timeout_ms}), and Netty QUIC cannot send a PING: so a cheap ApiVersions
     * request goes out whenever nothing was sent for a third of it. That keeps long polls and
     * idle clients connected.
     */
    private void startKeepAlive(long clientIdleMs, Duration requestTimeout) {
        long peerIdleMs = quic.peerTransportParameters() == null ? 0 : quic.peerTransportParameters().maxIdleTimeout();
        long idleMs = peerIdleMs > 0 ? Math.min(peerIdleMs, clientIdleMs) : clientIdleMs;
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(100, idleMs / 3));
        keepAlive = time.scheduleAtFixedRate(quic.eventLoop(), () -> {
            if (requests.keepAliveDue(intervalNanos)) {
                send(new ApiVersionsRequest(), ApiKey.API_VERSIONS.minVersion(), requestTimeout);
            }
        }, intervalNanos, intervalNanos / 2, TimeUnit.NANOSECONDS);
    }

    private static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static QuicSslContext sslContext(ClientOptions options, String host,
            java.util.concurrent.atomic.AtomicReference<String> rejection) {
        QuicSslContextBuilder builder = QuicSslContextBuilder.forClient().applicationProtocols(ALPN);
        if (options.trustAll()) {
            LOG.warning("QUIC client trusts any broker certificate (insecureTrustAll): for development only");
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (options.trustedCertificatePem() != null) {
            var pem = options.trustedCertificatePem();
            if (!java.nio.file.Files.isReadable(pem)) {
                throw new IllegalArgumentException("trusted certificate PEM " + pem + " is missing or unreadable");
            }
            builder.trustManager(new VerifyingTrustManager(trusting(pem), host, rejection));
        } else {
            try {
                TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                jvm.init((KeyStore) null);
                builder.trustManager(new VerifyingTrustManager(jvm, host, rejection));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM's trust store does not load: " + e, e);
            }
        }
        return builder.build();
    }

    /**
     * Verifies the broker's chain with {@code delegate}'s plain PKIX check and the leaf certificate
     * against the host connected to (subject alternative names; the common name if there are no
     * DNS names). Netty QUIC's engine does not carry what the JDK's engine-aware check expects (it
     * rejects valid chains), hence the plain check plus our own host name check.
     */
    private static final class VerifyingTrustManager extends javax.net.ssl.X509ExtendedTrustManager {
        private final javax.net.ssl.X509TrustManager delegate;
        private final String host;
        private final java.util.concurrent.atomic.AtomicReference<String> rejection;

        VerifyingTrustManager(TrustManagerFactory factory, String host,
                java.util.concurrent.atomic.AtomicReference<String> rejection) {
            this.rejection = rejection;
            this.delegate = java.util.Arrays.stream(factory.getTrustManagers())
                    .filter(javax.net.ssl.X509TrustManager.class::isInstance)
                    .map(javax.net.ssl.X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no X.509 trust manager"));
            this.host = host;
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
                HostNames.check(chain[0], host);
            } catch (java.security.cert.CertificateException e) {
                rejection.set(e.getMessage());
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                java.net.Socket socket) throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a client does not verify clients");
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                java.net.Socket socket) throws java.security.cert.CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** A PKIX trust manager whose anchors are the certificates in {@code pem}. */
    private static TrustManagerFactory trusting(java.nio.file.Path pem) {
        try (var in = java.nio.file.Files.newInputStream(pem)) {
            var certificates = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("trusted certificate PEM " + pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var certificate : certificates) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trusted certificate PEM " + pem + " does not read: " + e, e);
        }
    }

    @Override
    public CompletableFuture<ResponseMessage> send(RequestMessage request, short version, Duration timeout) {
        RustMqClientException closed = requests.closedBecause();
        if (closed != null) {
            return CompletableFuture.failedFuture(closed);
        }
        ByteBuffer frame;
        try {
            frame = encoder.encodeRequest(nextCorrelationId.getAndUpdate(i -> i == Integer.MAX_VALUE ? 0 : i + 1),
                    version, request);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(new RustMqClientException(e.code(), e.getMessage(), e));
        }
        TopicPartition partition = request instanceof ProduceRequest produce ? produce.topicPartition() : null;
        QuicRequests.Request<QuicStreamChannel> pending = requests.add(request.apiKey(), version, frame, partition);
        if (pending.future.isDone()) {
            return requests.response(pending, timeout); // the connection has ended
        }
        quic.eventLoop().execute(() -> {
            requests.enqueue(pending);
            openStreams();
        });
        if (partition != null) {
            pending.future.whenComplete((r, e) -> onEventLoop(() -> {
                if (requests.finished(pending)) {
                    openStreams();
                }
            }));
        }
        return requests.response(pending, timeout);
    }

    /** Runs {@code task} later on the event loop; nothing once the connection's threads are gone. */
    private void onEventLoop(Runnable task) {
        try {
            quic.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // Closed: every request has failed already.
        }
    }

    /** Event loop: opens streams for waiting requests while stream credit lasts. */
    private void openStreams() {
        QuicRequests.Request<QuicStreamChannel> next;
        while ((next = requests.nextToOpen()) != null) {
            QuicRequests.Request<QuicStreamChannel> pending = next;
            quic.createStream(QuicStreamType.BIDIRECTIONAL, new ResponseReader(pending)).addListener(f -> {
                if (!f.isSuccess()) {
                    requests.streamClosed();
                    pending.fail(streamLost("could not open a stream", f.cause()));
                    openStreams();
                    return;
                }
                QuicStreamChannel stream = (QuicStreamChannel) f.getNow();
                pending.stream = stream;
                stream.closeFuture().addListener(c -> {
                    requests.streamClosed();
                    openStreams();
                });
                if (pending.future.isDone()) {
                    stream.close();
                    return;
                }
                stream.writeAndFlush(Unpooled.wrappedBuffer(pending.frame)).addListener(w -> {
                    if (w.isSuccess()) {
                        stream.shutdownOutput();
                    } else {
                        pending.fail(streamLost("could not send the request", w.cause()));
                        stream.close();
                    }
                });
            });
        }
    }

    private RustMqClientException streamLost(String what, Throwable cause) {
        RustMqClientException closed = requests.closedBecause();
        if (closed != null || !quic.isActive()) {
            return closed != null ? closed : new ConnectionLostException("QUIC connection to " + peer + " closed",
                    cause);
        }
        return new ConnectionLostException(what + " on the QUIC connection to " + peer + ": " + cause, cause);
    }

    /** Decodes the response frame of one stream and completes its request. */
    private final class ResponseReader extends ChannelInboundHandlerAdapter {
        private final QuicRequests.Request<QuicStreamChannel> pending;
        private final FrameDecoder<ResponseFrame> decoder = FrameDecoder.forResponses(maxFrameBytes);

        ResponseReader(QuicRequests.Request<QuicStreamChannel> pending) {
            this.pending = pending;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (pending.future.isDone()) {
                    return;
                }
                ByteBuf buf = (ByteBuf) msg;
                for (ByteBuffer chunk : buf.nioBuffers()) {
                    ResponseFrame frame = decoder.decode(chunk);
                    if (frame != null) {
                        complete(frame);
                        ctx.close();
                        return;
                    }
                }
            } catch (ProtocolException e) {
                pending.fail(new RustMqClientException(e.code(), "bad response from quic://" + peer + ": "
                        + e.getMessage(), e));
                ctx.close();
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void complete(ResponseFrame frame) {
            if (frame.correlationId() == Frames.UNKNOWN_CORRELATION_ID || frame.errorCode() != ErrorCode.NONE) {
                pending.fail(new RustMqClientException(frame.errorCode(), frame.errorMessage()));
                return;
            }
            try {
                pending.future.complete(Messages.readResponse(pending.api, pending.version, frame.body()));
            } catch (ProtocolException e) {
                pending.fail(new RustMqClientException(e.code(), "could not read the " + pending.api
                        + " response: " + e.getMessage(), e));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                if (!pending.future.isDone()) {
                    pending.fail(streamLost("the stream ended before a whole response", null));
                }
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!pending.future.isDone()) {
                pending.fail(streamLost("the stream closed before a whole response", null));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            pending.fail(streamLost("stream error", cause));
            ctx.close();
        }
    }

    @Override
    public boolean isOpen() {
        return requests.closedBecause() == null && quic.isActive();
    }

    private void fail(RustMqClientException cause) {
        requests.fail(cause);
        var timer = keepAlive;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void close() {
        fail(new ConnectionLostException("the client closed the QUIC connection to " + peer, null));
        quic.close();
        if (quic.eventLoop().inEventLoop()) {
            udp.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        } else {
            quic.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            shutDown(group, udp);
        }
    }

    private static void shutDown(EventLoopGroup group, Channel udp) {
        if (udp != null) {
            udp.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
