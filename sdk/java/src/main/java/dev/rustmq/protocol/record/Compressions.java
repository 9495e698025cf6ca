package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;

/**
 * Dispatches a records section to its codec's framing in its batch format: LZ4 is a raw block in
 * magic 1 and an LZ4 frame in magic 2; zstd is one zstd frame in both.
 */
final class Compressions {
    private Compressions() {
    }

    /** The compressed form of {@code raw}, in a new array with {@code headroom} free bytes at its start. */
    static byte[] compress(BatchFormat format, CompressionType type, byte[] raw, int headroom) {
        return switch (type) {
            case NONE -> throw new IllegalArgumentException("NONE is written uncompressed");
            case LZ4 -> format == BatchFormat.V1 ? Lz4Block.compress(raw, headroom) : Lz4Frame.compress(raw, headroom);
            case ZSTD -> ZstdFrame.compress(raw, headroom);
        };
    }

    /**
     * The uncompressed records section. {@code minSize} and {@code maxSize} bound the size the
     * section claims before anything is allocated (or, where it claims none, the size it grows
     * to); an uncompressed section is returned as is.
     */
    static ByteBuffer decompress(BatchFormat format, CompressionType type, ByteBuffer section, int minSize,
            int maxSize) {
        return switch (type) {
            case NONE -> section;
            case LZ4 -> format == BatchFormat.V1
                    ? Lz4Block.decompress(section, minSize, maxSize)
                    : Lz4Frame.decompress(section, minSize, maxSize);
            case ZSTD -> ZstdFrame.decompress(section, minSize, maxSize);
        };
    }
}
