package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Zig-zag varints (int32, at most 5 bytes) and varlongs (int64, at most 10 bytes), as in Kafka's
 * record format. Reads advance the buffer's position; malformed or truncated input throws
 * {@link CorruptRecordException}, never a buffer exception, because the bytes come from the network.
 */
public final class ByteUtils {
    private ByteUtils() {
    }

    public static int readVarint(ByteBuffer in) {
        int raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (!in.hasRemaining()) {
                throw new CorruptRecordException("truncated varint");
            }
            int b = in.get() & 0xFF;
            if (shift == 28) {
                // The fifth byte holds bits 28-31 only: anything more is not an int32.
                if ((b & 0xF0) != 0) {
                    throw new CorruptRecordException("malformed varint: more than 32 bits");
                }
                raw |= b << 28;
                break;
            }
            raw |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static long readVarlong(ByteBuffer in) {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (!in.hasRemaining()) {
                throw new CorruptRecordException("truncated varlong");
            }
            long b = in.get() & 0xFF;
            if (shift == 63) {
                // The tenth byte holds bit 63 only.
                if ((b & 0xFE) != 0) {
                    throw new CorruptRecordException("malformed varlong: more than 64 bits");
                }
                raw |= b << 63;
                break;
            }
            raw |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeVarint(int value, ByteBuffer out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7F) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    public static void writeVarlong(long value, ByteBuffer out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bits = 32 - Integer.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    /** A big-endian int at an absolute index, whatever the buffer's byte order. */
    static int getIntBigEndian(ByteBuffer buffer, int index) {
        int v = buffer.getInt(index);
        return buffer.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }
}
