package dev.rustmq.protocol;

import dev.rustmq.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the protocol's primitive encodings (docs/protocol.md, "Primitive types") from a buffer of
 * untrusted bytes. Every problem — too few bytes, a negative or lying length or count, invalid
 * UTF-8, a null where none is allowed, bytes left over — is a {@link ProtocolException} with
 * {@code INVALID_REQUEST} and a message naming the field; never a buffer or array exception, and
 * never an allocation larger than the bytes actually present.
 *
 * <p>Reads a private view: the buffer handed to {@link #of} keeps its position. Byte fields are
 * returned as views sharing the frame's bytes (no copy).
 */
public final class WireReader {
    /** Reads one element of an array. */
    @FunctionalInterface
    public interface ElementReader<T> {
        T read(WireReader in);
    }

    private final ByteBuffer buffer;

    private WireReader(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** A reader of the bytes between the buffer's position and limit, big-endian whatever its order. */
    public static WireReader of(ByteBuffer buffer) {
        return new WireReader(buffer.slice().order(ByteOrder.BIG_ENDIAN));
    }

    public int remaining() {
        return buffer.remaining();
    }

    /** Bytes consumed so far. */
    public int position() {
        return buffer.position();
    }

    public byte int8(String field) {
        need(field, 1);
        return buffer.get();
    }

    public short int16(String field) {
        need(field, 2);
        return buffer.getShort();
    }

    public int int32(String field) {
        need(field, 4);
        return buffer.getInt();
    }

    public long int64(String field) {
        need(field, 8);
        return buffer.getLong();
    }

    /** int16 length (-1 = null) then that many bytes of UTF-8. */
    public String string(String field) {
        short length = int16(field + " length");
        if (length == -1) {
            return null;
        }
        if (length < -1) {
            throw ProtocolException.invalid(field + ": string length " + length + " is negative");
        }
        need(field, length);
        ByteBuffer utf8 = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return utf8(field, utf8);
    }

    /** Bytes (int32 length, not null) that must be UTF-8 text: for documents longer than a string may be. */
    public String requiredText(String field) {
        return utf8(field, requiredBytes(field));
    }

    private static String utf8(String field, ByteBuffer utf8) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(utf8);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw ProtocolException.invalid(field + ": text is not valid UTF-8");
        }
    }

    /** A string that must not be null. */
    public String requiredString(String field) {
        String value = string(field);
        if (value == null) {
            throw ProtocolException.invalid(field + " must not be null");
        }
        return value;
    }

    /** int32 length (-1 = null) then that many bytes, as a view of the frame's bytes (position 0). */
    public ByteBuffer bytes(String field) {
        int length = int32(field + " length");
        if (length == -1) {
            return null;
        }
        if (length < -1) {
            throw ProtocolException.invalid(field + ": byte length " + length + " is negative");
        }
        need(field, length);
        ByteBuffer view = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return view;
    }

    public ByteBuffer requiredBytes(String field) {
        ByteBuffer value = bytes(field);
        if (value == null) {
            throw ProtocolException.invalid(field + " must not be null");
        }
        return value;
    }

    /**
     * int32 count (-1 = null) then that many elements. {@code minElementBytes} (at least 1) is the
     * smallest encoding of one element: a count the remaining bytes cannot hold is rejected before
     * anything is allocated.
     */
    public <T> List<T> array(String field, int minElementBytes, ElementReader<T> element) {
        if (minElementBytes < 1) {
            throw new IllegalArgumentException("minElementBytes must be at least 1");
        }
        int count = int32(field + " count");
        if (count == -1) {
            return null;
        }
        if (count < -1) {
            throw ProtocolException.invalid(field + ": element count " + count + " is negative");
        }
        if (count > buffer.remaining() / minElementBytes) {
            throw ProtocolException.invalid(field + ": element count " + count + " cannot fit in the "
                    + buffer.remaining() + " bytes left (each element takes at least " + minElementBytes + ")");
        }
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.read(this));
        }
        return Collections.unmodifiableList(list);
    }

    public <T> List<T> requiredArray(String field, int minElementBytes, ElementReader<T> element) {
        List<T> list = array(field, minElementBytes, element);
        if (list == null) {
            throw ProtocolException.invalid(field + " must not be null");
        }
        return list;
    }

    /** A non-null array of int32. */
    public List<Integer> int32Array(String field) {
        return requiredArray(field, 4, in -> in.int32(field + " element"));
    }

    /** A non-null array of non-null (key, value) string pairs; duplicate keys are invalid. */
    public Map<String, String> stringMap(String field) {
        int count = int32(field + " count");
        if (count < 0) {
            throw ProtocolException.invalid(field + ": entry count " + count + " is negative");
        }
        if (count > buffer.remaining() / 4) {
            throw ProtocolException.invalid(field + ": entry count " + count + " cannot fit in the "
                    + buffer.remaining() + " bytes left (each entry takes at least 4)");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = requiredString(field + " key");
            String value = requiredString(field + "[" + key + "]");
            if (map.put(key, value) != null) {
                throw ProtocolException.invalid(field + ": key \"" + key + "\" appears twice");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Throws {@code INVALID_REQUEST} if bytes remain after the last field of {@code what}. */
    public void expectEnd(String what) {
        if (buffer.hasRemaining()) {
            throw ProtocolException.invalid(what + ": " + buffer.remaining()
                    + " unexpected bytes after the last field");
        }
    }

    private void need(String field, int bytes) {
        if (buffer.remaining() < bytes) {
            throw ProtocolException.invalid(field + ": needs " + bytes + " bytes but only " + buffer.remaining()
                    + " remain (truncated)");
        }
    }
}
