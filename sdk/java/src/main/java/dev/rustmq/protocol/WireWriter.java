package dev.rustmq.protocol;

import dev.rustmq.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the protocol's primitive encodings (docs/protocol.md, "Primitive types"). Two kinds:
 * {@link #into(ByteBuffer)} writes bytes, {@link #counting()} only adds up how many would be
 * written, so a message describes its layout once ({@code writeTo}) and the frame encoder sizes
 * the frame exactly before allocating it.
 *
 * <p>Strings are UTF-8 as {@link String#getBytes} makes it (an unpaired surrogate becomes
 * {@code ?}); one longer than {@link #MAX_STRING_BYTES} is {@code INVALID_REQUEST}.
 */
public abstract class WireWriter {
    /** The longest string an int16 length can describe, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = Short.MAX_VALUE;

    /** Writes one element of an array. */
    @FunctionalInterface
    public interface ElementWriter<T> {
        void write(WireWriter out, T element);
    }

    WireWriter() {
    }

    /** Writes at the buffer's position (big-endian whatever its order), advancing it. */
    public static WireWriter into(ByteBuffer buffer) {
        return new BufferWriter(buffer);
    }

    /** Counts bytes without writing them; {@link SizeCounter#size()} gives the total. */
    public static SizeCounter counting() {
        return new SizeCounter();
    }

    public abstract void int8(byte value);

    public abstract void int16(short value);

    public abstract void int32(int value);

    public abstract void int64(long value);

    /** int16 length (-1 = null) then UTF-8. */
    public abstract void string(String value);

    /** int32 length (-1 = null) then the bytes between the buffer's position and limit (which stay put). */
    public abstract void bytes(ByteBuffer value);

    /** int32 count (-1 = null) then the elements. */
    public <T> void array(List<T> list, ElementWriter<T> element) {
        if (list == null) {
            int32(-1);
            return;
        }
        int32(list.size());
        for (T t : list) {
            element.write(this, t);
        }
    }

    public void int32Array(List<Integer> values) {
        array(values, (out, v) -> out.int32(v));
    }

    /** int32 count then (key, value) string pairs; neither may be null. */
    public void stringMap(Map<String, String> map) {
        int32(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            string(e.getKey());
            string(e.getValue());
        }
    }

    /** UTF-8 length exactly as {@link String#getBytes} with UTF-8 produces it. */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // replaced by '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    static ProtocolException stringTooLong(int bytes) {
        return ProtocolException.invalid("a string of " + bytes + " UTF-8 bytes is longer than the "
                + MAX_STRING_BYTES + " a protocol string can hold");
    }

    private static final class BufferWriter extends WireWriter {
        private final ByteBuffer buffer;
        private final ByteOrder callerOrder;

        BufferWriter(ByteBuffer buffer) {
            this.buffer = buffer;
            this.callerOrder = buffer.order();
        }

        @Override
        public void int8(byte value) {
            buffer.put(value);
        }

        @Override
        public void int16(short value) {
            buffer.putShort(callerOrder == ByteOrder.BIG_ENDIAN ? value : Short.reverseBytes(value));
        }

        @Override
        public void int32(int value) {
            buffer.putInt(callerOrder == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value));
        }

        @Override
        public void int64(long value) {
            buffer.putLong(callerOrder == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value));
        }

        @Override
        public void string(String value) {
            if (value == null) {
                int16((short) -1);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_STRING_BYTES) {
                throw stringTooLong(utf8.length);
            }
            int16((short) utf8.length);
            buffer.put(utf8);
        }

        @Override
        public void bytes(ByteBuffer value) {
            if (value == null) {
                int32(-1);
                return;
            }
            int32(value.remaining());
            buffer.put(value.duplicate());
        }
    }

    /** A writer that only counts; sizes above {@link Integer#MAX_VALUE} are kept exactly as a long. */
    public static final class SizeCounter extends WireWriter {
        private long size;

        SizeCounter() {
        }

        public long size() {
            return size;
        }

        @Override
        public void int8(byte value) {
            size += 1;
        }

        @Override
        public void int16(short value) {
            size += 2;
        }

        @Override
        public void int32(int value) {
            size += 4;
        }

        @Override
        public void int64(long value) {
            size += 8;
        }

        @Override
        public void string(String value) {
            size += 2;
            if (value != null) {
                int length = utf8Length(value);
                if (length > MAX_STRING_BYTES) {
                    throw stringTooLong(length);
                }
                size += length;
            }
        }

        @Override
        public void bytes(ByteBuffer value) {
            size += 4;
            if (value != null) {
                size += value.remaining();
            }
        }
    }
}
