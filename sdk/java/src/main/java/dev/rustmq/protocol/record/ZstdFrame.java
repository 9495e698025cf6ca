package dev.rustmq.protocol.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Zstd framing of a records section: one standard zstd frame that declares its content size
 * (single-shot compression always writes it). The reader checks that size against its limit
 * before allocating and rejects frames that do not declare one, so it never has to stream into
 * a buffer of unknown size. No zstd checksum: the batch CRC covers the bytes.
 */
final class ZstdFrame {
    private static final int LEVEL = 3;

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
            if (declared < 0) {
                throw new CorruptRecordException("zstd records section is not a frame with a declared content size");
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
}
