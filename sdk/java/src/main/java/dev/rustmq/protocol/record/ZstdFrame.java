package dev.rustmq.protocol.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.rustmq.errors.CorruptRecordException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Zstd framing of a records section, in both magics: one standard zstd frame (RFC 8878). Written
 * single-shot, so the frame declares its content size; level 3, no zstd checksum (the batch CRC
 * covers the bytes). Read: a declared content size is checked against the limit before anything
 * is allocated; a frame without one (Kafka's producer streams its zstd output, and a stream
 * declares no size) is decompressed as a stream into an output that stops at the limit.
 */
final class ZstdFrame {
    private static final int LEVEL = 3;
    /** What {@code Zstd.getFrameContentSize} answers for a valid frame that does not declare its size. */
    private static final long CONTENT_SIZE_UNKNOWN = -1;

    private ZstdFrame() {
    }

    /** Compresses {@code raw} into a new array, leaving {@code headroom} bytes free at its start. */
    static byte[] compress(byte[] raw, int headroom) {
        long bound = Zstd.compressBound(raw.length);
        if (bound > Integer.MAX_VALUE - headroom - 8) {
            throw new IllegalArgumentException("records section of " + raw.length + " bytes is too large for zstd");
        }
        byte[] out = new byte[headroom + (int) bound];
        int written;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(LEVEL).setContentSize(true).setChecksum(false);
            written = ctx.compressByteArray(out, headroom, (int) bound, raw, 0, raw.length);
        }
        return Arrays.copyOf(out, headroom + written);
    }

    /** Decompresses the whole of {@code section} (position to limit) into a heap buffer of at most {@code maxSize} bytes. */
    static ByteBuffer decompress(ByteBuffer section, int minSize, int maxSize) {
        byte[] src;
        int offset;
        int length = section.remaining();
        if (length == 0) {
            throw new CorruptRecordException("zstd records section is empty");
        }
        if (section.hasArray()) {
            src = section.array();
            offset = section.arrayOffset() + section.position();
        } else {
            // zstd-jni wants both sides heap or both direct; the compressed side is small next to the output.
            src = new byte[length];
            section.get(section.position(), src);
            offset = 0;
        }
        try {
            long declared = Zstd.getFrameContentSize(src, offset, length);
            if (declared == CONTENT_SIZE_UNKNOWN) {
                return stream(src, offset, length, minSize, maxSize);
            }
            if (declared < 0) {
                throw new CorruptRecordException("zstd records section is not a zstd frame");
            }
            if (declared < minSize || declared > maxSize) {
                throw new CorruptRecordException("zstd records section claims " + declared
                        + " uncompressed bytes, outside [" + minSize + ", " + maxSize + "]");
            }
            byte[] out = new byte[(int) declared];
            int produced;
            try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
                produced = ctx.decompressByteArray(out, 0, out.length, src, offset, length);
            }
            if (produced != declared) {
                throw new CorruptRecordException("zstd records section decompressed to " + produced
                        + " bytes, but claims " + declared);
            }
            return ByteBuffer.wrap(out);
        } catch (CorruptRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            // ZstdException for malformed frames; anything else from the library is treated alike.
            throw new CorruptRecordException("zstd records section is malformed: " + e.getMessage());
        }
    }

    /** A frame that does not declare its size: decompressed as a stream, stopping at {@code maxSize} bytes. */
    private static ByteBuffer stream(byte[] src, int offset, int length, int minSize, int maxSize) {
        BoundedOutput out = new BoundedOutput((int) Math.min(maxSize, Math.max(minSize, 4L * length)), maxSize);
        byte[] chunk = new byte[(int) Math.min(ZstdInputStreamNoFinalizer.recommendedDOutSize(), 1 << 17)];
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, offset, length))) {
            int n;
            while ((n = in.read(chunk, 0, chunk.length)) >= 0) {
                if (!out.append(chunk, 0, n)) {
                    throw new CorruptRecordException("zstd records section holds more than " + maxSize
                            + " uncompressed bytes, outside [" + minSize + ", " + maxSize + "]");
                }
            }
        } catch (IOException e) {
            // A truncated or malformed stream.
            throw new CorruptRecordException("zstd records section is malformed: " + e.getMessage());
        }
        return out.buffer();
    }
}
