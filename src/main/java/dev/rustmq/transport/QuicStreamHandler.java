package dev.rustmq.transport;

import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.RequestFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One QUIC request stream: reassembles exactly one request frame from however many reads it
 * takes (up to {@code max_frame_bytes}), dispatches it, writes the response frame and ends the
 * stream's output (FIN). A malformed or truncated frame gets one error frame (correlation id -1)
 * and the stream ends; other streams and connections are not affected. Bytes after the request
 * frame are ignored. All state is touched on the stream's event loop only. What it shares with
 * TCP connections is in the {@link RequestPipeline}.
 */
final class QuicStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(QuicStreamHandler.class.getName());

    private final RequestPipeline pipeline;
    private final FrameDecoder<RequestFrame> decoder;
    /** A request was decoded (or the stream failed): nothing more is read into the decoder. */
    private boolean done;
    private boolean outputDone;
    private boolean inputDone;

    QuicStreamHandler(RequestPipeline pipeline) {
        this.pipeline = pipeline;
        this.decoder = pipeline.newDecoder();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (done || !(msg instanceof ByteBuf buf) || !buf.isReadable()) {
                return;
            }
            ByteBuffer in = RequestPipeline.readableBytes(buf);
            RequestFrame frame;
            try {
                frame = decoder.decode(in);
            } catch (RustMqException e) {
                fail(ctx, e);
                return;
            }
            if (frame != null) {
                done = true;
                pipeline.dispatch(ctx, frame, response -> writeAndFinish(ctx, response));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void writeAndFinish(ChannelHandlerContext ctx, ByteBuffer frame) {
        if (!ctx.channel().isActive()) {
            return;
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
            if (!f.isSuccess()) {
                stream.close();
                return;
            }
            stream.shutdownOutput().addListener(s -> {
                outputDone = true;
                if (inputDone || !s.isSuccess()) {
                    stream.close();
                }
            });
        });
    }

    private void fail(ChannelHandlerContext ctx, RustMqException e) {
        done = true;
        LOG.fine(() -> "bad request on QUIC stream " + ctx.channel() + ": " + e.getMessage());
        writeAndFinish(ctx, RequestPipeline.framingError(e));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputDone = true;
            if (!done) {
                // The client ended the stream without a whole request frame.
                try {
                    decoder.endOfInput();
                    fail(ctx, new RustMqException(dev.rustmq.errors.ErrorCode.INVALID_REQUEST,
                            "the stream ended before a request frame"));
                } catch (RustMqException e) {
                    fail(ctx, e);
                }
            } else if (outputDone) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "QUIC stream error on " + ctx.channel() + ": " + cause, cause);
        ctx.close();
    }
}
