package dev.rustmq.transport;

import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the TCP and QUIC transports do with every request, whatever carries it: cut request
 * frames out of the bytes read (up to the dispatcher's frame limit), hand each to the
 * {@link RequestDispatcher}, which decodes, handles and encodes it, and bring the response frame
 * back to the channel's event loop for writing. A frame that cannot be cut gets one error frame
 * with correlation id -1 ({@link #framingError}); the transports differ only in how bytes arrive
 * and how a response is written.
 */
final class RequestPipeline {
    private static final Logger LOG = Logger.getLogger(RequestPipeline.class.getName());

    private final FrameHandler dispatcher;

    RequestPipeline(FrameHandler dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** A decoder for one connection (TCP) or stream (QUIC): it keeps the bytes of a frame not yet whole. */
    FrameDecoder<RequestFrame> newDecoder() {
        return FrameDecoder.forRequests(dispatcher.maxFrameBytes());
    }

    /**
     * Dispatches {@code frame} and calls {@code respond} with its response frame on the channel's
     * event loop, so handler state is only touched there. The dispatcher answers every request;
     * if it does not, that is a bug, logged, and the channel is closed instead.
     */
    void dispatch(ChannelHandlerContext ctx, RequestFrame frame, Consumer<ByteBuffer> respond) {
        dispatcher.dispatch(frame).whenComplete((response, error) -> {
            if (ctx.executor().inEventLoop()) {
                completed(ctx, response, error, respond);
            } else {
                ctx.executor().execute(() -> completed(ctx, response, error, respond));
            }
        });
    }

    private static void completed(ChannelHandlerContext ctx, ByteBuffer response, Throwable error,
                                  Consumer<ByteBuffer> respond) {
        if (error != null) {
            LOG.log(Level.SEVERE, "no response for a request on " + ctx.channel(), error);
            ctx.close();
            return;
        }
        respond.accept(response);
    }

    /** The error frame answering bytes that are not a request frame: correlation id -1, the framing error's code. */
    static ByteBuffer framingError(RustMqException e) {
        return new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES)
                .encodeErrorResponse(Frames.UNKNOWN_CORRELATION_ID, e.code(), e.getMessage());
    }

    /** The readable bytes of {@code buf}: a view when it is one buffer, else a copy. Valid until it is released. */
    static ByteBuffer readableBytes(ByteBuf buf) {
        if (buf.nioBufferCount() == 1) {
            return buf.nioBuffer();
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return ByteBuffer.wrap(bytes);
    }
}
