package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 framing of a records section: the uncompressed length as a big-endian int32, then one raw
 * LZ4 block. The length prefix lets the reader check the size against its limit before
 * allocating anything; the batch CRC already covers integrity, so the LZ4 frame format's own
 * checksums would be redundant.
 */
final class Lz4Block {
    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();

    private Lz4Block() {
    }

    /** Compresses {@code raw} into a new array, leaving {@code headroom} bytes free at its start. */
    static byte[] compress(byte[] raw, int headroom) {
        LZ4Compressor compressor = FACTORY.fastCompressor();
        int bound = compressor.maxCompressedLength(raw.length);
        byte[] out = new byte[headroom + 4 + bound];
        ByteBuffer.wrap(out).putInt(headroom, raw.length);
        int written = compressor.compress(raw, 0, raw.length, out, headroom + 4, bound);
        return Arrays.copyOf(out, headroom + 4 + written);
    }

    /** Decompresses the whole of {@code section} (position to limit) into a heap buffer of at most {@code maxSize} bytes. */
    static ByteBuffer decompress(ByteBuffer section, int minSize, int maxSize) {
        if (section.remaining() < 4) {
            throw new CorruptRecordException("lz4 records section is " + section.remaining()
                    + " bytes, too short for its length prefix");
        }
        int size = ByteUtils.getIntBigEndian(section, section.position());
        if (size < minSize || size > maxSize) {
            throw new CorruptRecordException("lz4 records section claims " + size
                    + " uncompressed bytes, outside [" + minSize + ", " + maxSize + "]");
        }
        byte[] out = new byte[size];
        int produced;
        LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();
        try {
            produced = decompressor.decompress(section, section.position() + 4, section.remaining() - 4,
                    ByteBuffer.wrap(out), 0, size);
        } catch (RuntimeException e) {
            // LZ4Exception for malformed blocks; anything else from the library is treated alike.
            throw new CorruptRecordException("lz4 records section is malformed: " + e.getMessage());
        }
        if (produced != size) {
            throw new CorruptRecordException("lz4 records section decompressed to " + produced
                    + " bytes, but claims " + size);
        }
        return ByteBuffer.wrap(out);
    }
}
