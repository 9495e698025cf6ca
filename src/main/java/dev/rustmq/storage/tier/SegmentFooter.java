package dev.rustmq.storage.tier;

import dev.rustmq.storage.errors.CorruptSegmentException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The fixed-size end of a segment object (docs/tiered-storage.md): what the object holds and the
 * checksums of its data and index, itself covered by a checksum. Read first, with one ranged GET
 * of the object's last {@link #SIZE} bytes.
 */
public record SegmentFooter(long baseOffset, long lastOffset, int leaderEpoch, int batchCount, long dataLength,
                            long maxTimestamp, int dataCrc, int indexCrc) {
    /** "RMQS": a RustMQ segment. */
    static final int MAGIC = 0x524D5153;
    static final short VERSION = 1;
    public static final int SIZE = 4 + 2 + 2 + 8 + 8 + 4 + 4 + 8 + 8 + 4 + 4 + 4;

    public long indexLength() {
        return (long) batchCount * SegmentIndex.ENTRY_SIZE;
    }

    /** The whole object's size: data, index, footer. */
    public long objectSize() {
        return dataLength + indexLength() + SIZE;
    }

    ByteBuffer encode() {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.putInt(MAGIC).putShort(VERSION).putShort((short) 0)
                .putLong(baseOffset).putLong(lastOffset).putInt(leaderEpoch).putInt(batchCount)
                .putLong(dataLength).putLong(maxTimestamp).putInt(dataCrc).putInt(indexCrc);
        out.putInt(crc(out.array(), SIZE - 4));
        return out.flip();
    }

    /** Decodes and checks a footer; {@code key} names the object in errors. */
    static SegmentFooter decode(String key, ByteBuffer bytes) {
        if (bytes.remaining() != SIZE) {
            throw new CorruptSegmentException("segment " + key + ": footer is " + bytes.remaining() + " bytes, not "
                    + SIZE);
        }
        byte[] raw = new byte[SIZE];
        bytes.duplicate().get(raw);
        ByteBuffer in = ByteBuffer.wrap(raw);
        int magic = in.getInt();
        short version = in.getShort();
        short flags = in.getShort();
        if (magic != MAGIC) {
            throw new CorruptSegmentException("segment " + key + ": not a RustMQ segment (magic "
                    + Integer.toHexString(magic) + ")");
        }
        if (in.getInt(SIZE - 4) != crc(raw, SIZE - 4)) {
            throw new CorruptSegmentException("segment " + key + ": footer checksum mismatch");
        }
        if (version != VERSION || flags != 0) {
            throw new CorruptSegmentException("segment " + key + ": unsupported version " + version + " flags " + flags);
        }
        SegmentFooter footer = new SegmentFooter(in.getLong(), in.getLong(), in.getInt(), in.getInt(), in.getLong(),
                in.getLong(), in.getInt(), in.getInt());
        if (footer.batchCount() < 1 || footer.dataLength() < 1 || footer.lastOffset() < footer.baseOffset()) {
            throw new CorruptSegmentException("segment " + key + ": footer describes no data (" + footer + ")");
        }
        return footer;
    }

    static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }
}
