package dev.rustmq.transport;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.Messages;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal QUIC client of the binary protocol for tests: one connection, one bidirectional stream
 * per request, the whole stream's bytes as the response. Trusts any certificate (tests only).
 */
final class QuicTestClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel udp;
    private final QuicChannel connection;
    private final FrameEncoder encoder = new FrameEncoder(64 << 20);
    private final AtomicInteger nextCorrelationId = new AtomicInteger(1);

    QuicTestClient(InetSocketAddress server) throws Exception {
        var ssl = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(QuicServer.ALPN)
                .build();
        var codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .maxSendUdpPayloadSize(8192)
                .maxRecvUdpPayloadSize(8192)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .build();
        Channel channel = null;
        try {
            channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.FixedRecvByteBufAllocator(8192 + 512))
                    .handler(codec)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            connection = QuicChannel.newBootstrap(channel)
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server)
                    .connect().get(10, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            if (channel != null) {
                channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e;
        }
        udp = channel;
    }

    boolean isOpen() {
        return connection.isActive();
    }

    /** Sends raw bytes on a new stream (with FIN when {@code fin}); completes with all bytes the server sent back. */
    CompletableFuture<byte[]> exchange(ByteBuffer request, boolean fin) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ResponseCollector collector = new ResponseCollector(result);
        connection.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
            @Override
            protected void initChannel(QuicStreamChannel ch) {
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                ch.pipeline().addLast(collector);
            }
        }).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            QuicStreamChannel stream = (QuicStreamChannel) f.getNow();
            // In 64 KiB writes: the server must reassemble the frame from many reads.
            ByteBuffer rest = request.duplicate();
            while (rest.remaining() > 64 * 1024) {
                ByteBuffer chunk = rest.slice(rest.position(), 64 * 1024);
                rest.position(rest.position() + 64 * 1024);
                stream.write(Unpooled.wrappedBuffer(chunk)).addListener(w -> {
                    if (!w.isSuccess()) {
                        result.completeExceptionally(w.cause());
                    }
                });
            }
            var write = stream.writeAndFlush(Unpooled.wrappedBuffer(rest));
            write.addListener(w -> {
                if (!w.isSuccess()) {
                    result.completeExceptionally(w.cause());
                }
            });
            if (fin) {
                write.addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
        });
        return result;
    }

    /** One request on its own stream; the decoded response frame. */
    CompletableFuture<ResponseFrame> send(RequestMessage request) {
        ByteBuffer frame = encoder.encodeRequest(nextCorrelationId.getAndIncrement(), request);
        return exchange(frame, true).thenApply(QuicTestClient::singleFrame);
    }

    @SuppressWarnings("unchecked")
    <R extends ResponseMessage> R call(RequestMessage request) throws Exception {
        ResponseFrame f = send(request).get(60, TimeUnit.SECONDS);
        if (f.errorCode() != ErrorCode.NONE) {
            throw new AssertionError("frame error " + f.errorCode() + ": " + f.errorMessage());
        }
        return (R) Messages.readResponse(request.apiKey(), (short) 0, f.body());
    }

    static ResponseFrame singleFrame(byte[] bytes) {
        FrameDecoder<ResponseFrame> decoder = FrameDecoder.forResponses(64 << 20);
        var frames = decoder.decodeAll(ByteBuffer.wrap(bytes));
        decoder.endOfInput();
        if (frames.size() != 1) {
            throw new AssertionError("expected one response frame on the stream, got " + frames.size());
        }
        return frames.get(0);
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        udp.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Collects a stream's bytes; done when the server ends its side (FIN) or the stream closes. */
    private static final class ResponseCollector extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<byte[]> result;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ResponseCollector(CompletableFuture<byte[]> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf buf = (ByteBuf) msg;
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                bytes.writeBytes(chunk);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                result.complete(bytes.toByteArray());
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.complete(bytes.toByteArray());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
