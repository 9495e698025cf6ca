package dev.rustmq.transport;

import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.RequestFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One TCP connection: cuts request frames out of the byte stream, hands each to the
 * {@link RequestPipeline} and writes each response when it is ready (so responses may overtake
 * each other; the client matches correlation ids).
 *
 * <p>Back-pressure: while {@code maxInFlight} requests are unanswered, or the socket's outbound
 * buffer is above its high-water mark, the connection is not read (auto-read off) and bytes
 * already read but not yet decoded wait here. A framing error gets one error frame with
 * correlation id -1, then the connection closes. All state is touched on the channel's event
 * loop only; completions from other threads are moved onto it.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());

    private final RequestPipeline pipeline;
    private final int maxInFlight;
    private final FrameDecoder<RequestFrame> decoder;
    private int inFlight;
    /** Bytes read while paused and not yet decoded; null when none. */
    private ByteBuffer pending;
    private boolean failed;

    ConnectionHandler(RequestPipeline pipeline, int maxInFlight) {
        this.pipeline = pipeline;
        this.maxInFlight = maxInFlight;
        this.decoder = pipeline.newDecoder();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (failed || !(msg instanceof ByteBuf buf) || !buf.isReadable()) {
                return;
            }
            ByteBuffer in = RequestPipeline.readableBytes(buf);
            if (pending != null) {
                // Still paused with older bytes waiting: keep order by queueing behind them.
                pending = append(pending, in);
            } else {
                decode(ctx, in);
                if (in.hasRemaining() && !failed) {
                    pending = copyOf(in);
                }
            }
            updateReading(ctx);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Decodes and dispatches frames from {@code in} until it is used up, reading should pause, or it fails. */
    private void decode(ChannelHandlerContext ctx, ByteBuffer in) {
        while (!failed && in.hasRemaining() && canTakeMore(ctx)) {
            RequestFrame frame;
            try {
                frame = decoder.decode(in);
            } catch (RustMqException e) {
                failFraming(ctx, e);
                return;
            }
            if (frame == null) {
                return;
            }
            inFlight++;
            pipeline.dispatch(ctx, frame, response -> completed(ctx, response));
        }
    }

    private void completed(ChannelHandlerContext ctx, ByteBuffer response) {
        inFlight--;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(response), ctx.voidPromise());
        }
        updateReading(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    /** Resumes decoding waiting bytes when there is room, and reads from the socket only then. */
    private void updateReading(ChannelHandlerContext ctx) {
        if (failed || !ctx.channel().isActive()) {
            return;
        }
        if (pending != null && canTakeMore(ctx)) {
            decode(ctx, pending);
            if (!pending.hasRemaining() || failed) {
                pending = null;
            }
        }
        boolean read = pending == null && canTakeMore(ctx);
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private boolean canTakeMore(ChannelHandlerContext ctx) {
        return inFlight < maxInFlight && ctx.channel().isWritable();
    }

    private void failFraming(ChannelHandlerContext ctx, RustMqException e) {
        failed = true;
        pending = null;
        LOG.fine(() -> "framing error from " + ctx.channel().remoteAddress() + ": " + e.getMessage());
        ByteBuffer error = RequestPipeline.framingError(e);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(error)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (inFlight == 0) {
                LOG.fine(() -> "closing idle connection from " + ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.fine(() -> "connection from " + ctx.channel().remoteAddress() + " failed: " + cause);
        } else {
            LOG.log(Level.WARNING, "closing connection from " + ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static ByteBuffer copyOf(ByteBuffer in) {
        ByteBuffer copy = ByteBuffer.allocate(in.remaining());
        copy.put(in).flip();
        return copy;
    }

    private static ByteBuffer append(ByteBuffer first, ByteBuffer second) {
        ByteBuffer joined = ByteBuffer.allocate(first.remaining() + second.remaining());
        joined.put(first).put(second).flip();
        return joined;
    }
}
