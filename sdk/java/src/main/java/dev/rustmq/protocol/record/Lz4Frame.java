package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 framing of a magic-2 records section (codec 3): one frame of the standard LZ4 frame format,
 * as Kafka writes and reads it. Not the raw block of magic 1 ({@link Lz4Block}).
 *
 * <p>Written the way Kafka's producer writes it, so any Kafka reader takes it: version 01,
 * independent blocks of at most 64 KiB (a block that does not shrink is stored as is), no block
 * or content checksum (the batch CRC covers these bytes), no content size, and a header checksum
 * computed as the specification says (Kafka's broken variant is for magic 0 only).
 *
 * <p>Read: any such frame, also with block or content checksums (verified) or a content size
 * (checked against the limit before anything is allocated). Dependent blocks and dictionaries,
 * which Kafka's reader cannot decode either, are refused, as are bytes after the frame. Without
 * a content size, the output grows block by block and stops at the caller's limit; besides it, a
 * reader holds one block (64 KiB in frames as Kafka and RustMQ write them, at most 4 MiB).
 */
final class Lz4Frame {
    /** 0x184D2204, stored little-endian like every number in the frame. */
    private static final int MAGIC = 0x184D2204;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_VERSION_01 = 0x40;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICTIONARY_ID = 0x01;
    private static final int BD_RESERVED = 0x8F;
    /** Block maximum size id 4 = 64 KiB, in BD bits 4-6. */
    private static final int BD_64_KIB = 4 << 4;
    private static final int BLOCK_SIZE = 64 * 1024;
    /** High bit of a block's size: the block is stored uncompressed. */
    private static final int UNCOMPRESSED_BLOCK = 0x80000000;
    /** Magic, FLG, BD, header checksum: the header as written (no content size, no dictionary id). */
    private static final int HEADER_SIZE = 7;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private Lz4Frame() {
    }

    /** Compresses {@code raw} into a new array, leaving {@code headroom} bytes free at its start. */
    static byte[] compress(byte[] raw, int headroom) {
        int blocks = (raw.length + BLOCK_SIZE - 1) / BLOCK_SIZE;
        // Worst case every block is stored as is: a 4-byte size before each, then the end mark.
        long bound = (long) headroom + HEADER_SIZE + (long) blocks * 4 + raw.length + 4;
        if (bound > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("records section of " + raw.length + " bytes is too large for lz4");
        }
        ByteBuffer out = ByteBuffer.wrap(new byte[(int) bound]).order(ByteOrder.LITTLE_ENDIAN);
        out.position(headroom);
        out.putInt(MAGIC);
        int descriptor = out.position();
        out.put((byte) (FLG_VERSION_01 | FLG_BLOCK_INDEPENDENCE)).put((byte) BD_64_KIB);
        out.put(headerChecksum(out, descriptor, 2));

        LZ4Compressor compressor = LZ4.fastCompressor();
        byte[] scratch = new byte[compressor.maxCompressedLength(BLOCK_SIZE)];
        for (int offset = 0; offset < raw.length; offset += BLOCK_SIZE) {
            int length = Math.min(BLOCK_SIZE, raw.length - offset);
            int compressed = compressor.compress(raw, offset, length, scratch, 0, scratch.length);
            if (compressed < length) {
                out.putInt(compressed).put(scratch, 0, compressed);
            } else {
                out.putInt(length | UNCOMPRESSED_BLOCK).put(raw, offset, length);
            }
        }
        out.putInt(0);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Decompresses the whole of {@code section} (position to limit) into a heap buffer of at most {@code maxSize} bytes. */
    static ByteBuffer decompress(ByteBuffer section, int minSize, int maxSize) {
        return new Reader(section.slice().order(ByteOrder.LITTLE_ENDIAN), minSize, maxSize).read();
    }

    /** The frame-header checksum: the second byte of the XXH32 (seed 0) of the descriptor. */
    private static byte headerChecksum(ByteBuffer frame, int offset, int length) {
        return (byte) (XXHASH.hash(frame, offset, length, 0) >>> 8);
    }

    /** One frame read front to back; every problem is a {@link CorruptRecordException}. */
    private static final class Reader {
        private final ByteBuffer in;
        private final int minSize;
        private final int maxSize;
        private int flags;
        private int maxBlockSize;
        private boolean hasContentSize;
        private long contentSize;

        Reader(ByteBuffer in, int minSize, int maxSize) {
            this.in = in;
            this.minSize = minSize;
            this.maxSize = maxSize;
        }

        ByteBuffer read() {
            readHeader();
            long expected = hasContentSize ? contentSize : Math.max(minSize, 4L * in.remaining());
            BoundedOutput out = new BoundedOutput((int) Math.min(expected, maxSize), maxSize);
            readBlocks(out);
            if ((flags & FLG_CONTENT_CHECKSUM) != 0) {
                int stored = readInt("content checksum");
                ByteBuffer content = out.buffer();
                if (XXHASH.hash(content, 0, content.limit(), 0) != stored) {
                    throw corrupt("its content checksum does not match");
                }
            }
            if (in.hasRemaining()) {
                throw corrupt(in.remaining() + " trailing bytes after the frame");
            }
            if (hasContentSize && out.size() != contentSize) {
                throw new CorruptRecordException("lz4 records section decompressed to " + out.size()
                        + " bytes, but claims " + contentSize);
            }
            return out.buffer();
        }

        private void readHeader() {
            if (in.remaining() < HEADER_SIZE) {
                throw new CorruptRecordException("lz4 records section is " + in.remaining()
                        + " bytes, too short for an LZ4 frame header");
            }
            int magic = in.getInt();
            if (magic != MAGIC) {
                throw new CorruptRecordException(String.format(
                        "lz4 records section is not an LZ4 frame (magic 0x%08x)", magic));
            }
            int descriptor = in.position();
            flags = in.get() & 0xFF;
            int bd = in.get() & 0xFF;
            if ((flags & FLG_VERSION_MASK) != FLG_VERSION_01) {
                throw corrupt("frame version " + (flags >>> 6) + " is not 1");
            }
            if ((flags & FLG_RESERVED) != 0 || (bd & BD_RESERVED) != 0) {
                throw corrupt("reserved bits are set in its header");
            }
            if ((flags & FLG_DICTIONARY_ID) != 0) {
                throw corrupt("frames with a dictionary id are not supported");
            }
            if ((flags & FLG_BLOCK_INDEPENDENCE) == 0) {
                throw corrupt("frames with dependent blocks are not supported");
            }
            int blockSizeId = bd >>> 4;
            if (blockSizeId < 4) {
                throw corrupt("block maximum size id " + blockSizeId + " is not one of 4-7");
            }
            maxBlockSize = 1 << (8 + 2 * blockSizeId);
            hasContentSize = (flags & FLG_CONTENT_SIZE) != 0;
            if (hasContentSize) {
                if (in.remaining() < 9) {
                    throw corrupt("its header is cut short");
                }
                contentSize = in.getLong();
            }
            byte stored = in.get();
            byte computed = headerChecksum(in, descriptor, in.position() - 1 - descriptor);
            if (stored != computed) {
                throw corrupt(String.format("header checksum 0x%02x does not match 0x%02x", stored, computed));
            }
            // Only a size the header checksum vouches for is worth a message about its value.
            if (hasContentSize && (contentSize < minSize || contentSize > maxSize)) {
                throw new CorruptRecordException("lz4 records section claims "
                        + Long.toUnsignedString(contentSize) + " uncompressed bytes, outside ["
                        + minSize + ", " + maxSize + "]");
            }
        }

        private void readBlocks(BoundedOutput out) {
            LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();
            byte[] block = null;
            while (true) {
                int header = readInt("block size");
                if (header == 0) {
                    return;
                }
                int size = header & ~UNCOMPRESSED_BLOCK;
                boolean stored = (header & UNCOMPRESSED_BLOCK) != 0;
                int checksumBytes = (flags & FLG_BLOCK_CHECKSUM) != 0 ? 4 : 0;
                if (size > maxBlockSize || size > in.remaining() - checksumBytes) {
                    throw corrupt("a block of " + size + " bytes is larger than " + maxBlockSize
                            + " or runs past the end (" + in.remaining() + " bytes remain)");
                }
                int start = in.position();
                in.position(start + size);
                if (checksumBytes != 0 && XXHASH.hash(in, start, size, 0) != in.getInt()) {
                    throw corrupt("a block checksum does not match");
                }
                boolean appended;
                if (stored) {
                    appended = out.append(in, start, size);
                } else {
                    if (block == null) {
                        block = new byte[maxBlockSize];
                    }
                    int produced;
                    try {
                        produced = decompressor.decompress(in, start, size, ByteBuffer.wrap(block), 0, block.length);
                    } catch (RuntimeException e) {
                        // LZ4Exception for malformed blocks; anything else from the library is treated alike.
                        throw corrupt("a block is malformed: " + e.getMessage());
                    }
                    appended = out.append(block, 0, produced);
                }
                if (!appended) {
                    throw new CorruptRecordException("lz4 records section holds more than " + maxSize
                            + " uncompressed bytes, outside [" + minSize + ", " + maxSize + "]");
                }
            }
        }

        private int readInt(String what) {
            if (in.remaining() < 4) {
                throw corrupt("it ends before its " + what + " (" + in.remaining() + " bytes remain)");
            }
            return in.getInt();
        }

        private static CorruptRecordException corrupt(String problem) {
            return new CorruptRecordException("lz4 records section is malformed: " + problem);
        }
    }
}
