package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;

/** Dispatches a records section to its codec's framing. */
final class Compressions {
    private Compressions() {
    }

    /** The compressed form of {@code raw}, in a new array with {@code headroom} free bytes at its start. */
    static byte[] compress(CompressionType type, byte[] raw, int headroom) {
        return switch (type) {
            case NONE -> throw new IllegalArgumentException("NONE is written uncompressed");
            case LZ4 -> Lz4Block.compress(raw, headroom);
            case ZSTD -> ZstdFrame.compress(raw, headroom);
        };
    }

    /**
     * The uncompressed records section. {@code minSize} and {@code maxSize} bound the size the
     * section claims before anything is allocated; an uncompressed section is returned as is.
     */
    static ByteBuffer decompress(CompressionType type, ByteBuffer section, int minSize, int maxSize) {
        return switch (type) {
            case NONE -> section;
            case LZ4 -> Lz4Block.decompress(section, minSize, maxSize);
            case ZSTD -> ZstdFrame.decompress(section, minSize, maxSize);
        };
    }
}
