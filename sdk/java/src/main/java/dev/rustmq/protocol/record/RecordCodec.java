package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.ByteUtils.readVarint;
import static dev.rustmq.protocol.record.ByteUtils.readVarlong;
import static dev.rustmq.protocol.record.ByteUtils.sizeOfVarint;
import static dev.rustmq.protocol.record.ByteUtils.sizeOfVarlong;
import static dev.rustmq.protocol.record.ByteUtils.writeVarint;
import static dev.rustmq.protocol.record.ByteUtils.writeVarlong;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes one record inside a batch's (uncompressed) records section:
 * length, attributes, timestampDelta, offsetDelta, key, value, headers.
 */
final class RecordCodec {
    /** Smallest body: attributes byte + five one-byte varints (tsDelta, offsetDelta, keyLen, valueLen, headerCount). */
    static final int MIN_BODY_SIZE = 6;
    /** Smallest encoding including its one-byte length prefix; bounds how many records a section can hold. */
    static final int MIN_RECORD_SIZE = MIN_BODY_SIZE + 1;
    private static final int MIN_HEADER_SIZE = 2;

    private RecordCodec() {
    }

    /** The size of the record's body (everything after its length varint). */
    static int bodySize(Record record, int offsetDelta, long firstTimestamp) {
        long size = 1
                + sizeOfVarlong(record.timestamp() - firstTimestamp)
                + sizeOfVarint(offsetDelta)
                + sizeOfNullable(record.key())
                + sizeOfNullable(record.value())
                + sizeOfVarint(record.headers().size());
        for (Header header : record.headers()) {
            int keyLength = utf8Length(header.key());
            size += sizeOfVarint(keyLength) + keyLength + sizeOfNullable(header.value());
        }
        if (size > Integer.MAX_VALUE - 5) {
            throw new IllegalArgumentException("record " + offsetDelta + " is too large to encode: " + size + " bytes");
        }
        return (int) size;
    }

    static void write(ByteBuffer out, Record record, int offsetDelta, long firstTimestamp, int bodySize) {
        writeVarint(bodySize, out);
        out.put((byte) 0);
        writeVarlong(record.timestamp() - firstTimestamp, out);
        writeVarint(offsetDelta, out);
        writeNullable(out, record.key());
        writeNullable(out, record.value());
        writeVarint(record.headers().size(), out);
        for (Header header : record.headers()) {
            byte[] key = header.key().getBytes(StandardCharsets.UTF_8);
            writeVarint(key.length, out);
            out.put(key);
            writeNullable(out, header.value());
        }
    }

    /**
     * Reads the record at the buffer's position and advances past it. Every problem, including
     * one in a varint, is reported as a {@link CorruptRecordException} naming the record's index.
     */
    static Record read(ByteBuffer in, int expectedOffsetDelta, long firstTimestamp) {
        try {
            return readUnchecked(in, expectedOffsetDelta, firstTimestamp);
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException("record " + expectedOffsetDelta + ": " + e.getMessage());
        }
    }

    private static Record readUnchecked(ByteBuffer in, int expectedOffsetDelta, long firstTimestamp) {
        int length = readVarint(in);
        if (length < MIN_BODY_SIZE || length > in.remaining()) {
            throw corrupt("length " + length + " is invalid (" + in.remaining() + " bytes remain)");
        }
        // Parse within a slice so a lying inner length cannot reach into the next record.
        ByteBuffer body = in.slice(in.position(), length);
        in.position(in.position() + length);

        byte attributes = body.get();
        if (attributes != 0) {
            throw corrupt("attributes are " + attributes + ", expected 0");
        }
        long timestampDelta = readVarlong(body);
        int offsetDelta = readVarint(body);
        if (offsetDelta != expectedOffsetDelta) {
            throw corrupt("offset delta is " + offsetDelta + ", expected " + expectedOffsetDelta);
        }
        byte[] key = readNullable(body, "key");
        byte[] value = readNullable(body, "value");
        List<Header> headers = readHeaders(body);
        if (body.hasRemaining()) {
            throw corrupt(body.remaining() + " unused bytes at its end");
        }
        return new Record(firstTimestamp + timestampDelta, key, value, headers);
    }

    private static List<Header> readHeaders(ByteBuffer body) {
        int count = readVarint(body);
        if (count < 0 || count > body.remaining() / MIN_HEADER_SIZE) {
            throw corrupt("header count " + count + " is invalid (" + body.remaining() + " bytes remain)");
        }
        if (count == 0) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int keyLength = readVarint(body);
            if (keyLength < 0 || keyLength > body.remaining()) {
                throw corrupt("header " + i + " key length " + keyLength + " is invalid ("
                        + body.remaining() + " bytes remain)");
            }
            String key = decodeUtf8(body.slice(body.position(), keyLength), i);
            body.position(body.position() + keyLength);
            headers.add(new Header(key, readNullable(body, "header " + i + " value")));
        }
        return headers;
    }

    private static byte[] readNullable(ByteBuffer body, String what) {
        int length = readVarint(body);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > body.remaining()) {
            throw corrupt(what + " length " + length + " is invalid (" + body.remaining() + " bytes remain)");
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }

    private static String decodeUtf8(ByteBuffer bytes, int header) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt("header " + header + " key is not valid UTF-8");
        }
    }

    private static int sizeOfNullable(byte[] bytes) {
        return bytes == null ? 1 : sizeOfVarint(bytes.length) + bytes.length;
    }

    private static void writeNullable(ByteBuffer out, byte[] bytes) {
        if (bytes == null) {
            writeVarint(-1, out);
        } else {
            writeVarint(bytes.length, out);
            out.put(bytes);
        }
    }

    /**
     * UTF-8 length without encoding. An unpaired surrogate has no UTF-8 form (getBytes would
     * silently write '?'), so it is rejected rather than stored as something else.
     */
    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("header key has an unpaired surrogate at index " + i);
            } else {
                length += 3;
            }
        }
        return length;
    }

    private static CorruptRecordException corrupt(String problem) {
        return new CorruptRecordException(problem);
    }
}
