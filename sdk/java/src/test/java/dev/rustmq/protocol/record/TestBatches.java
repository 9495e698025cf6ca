package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Crafts batches byte by byte, independently of the production encoder, for corruption tests. */
final class TestBatches {
    private TestBatches() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Record> records(int count, long firstTimestamp) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Record.of(utf8("key-" + i), utf8("value-" + i), firstTimestamp + i));
        }
        return records;
    }

    static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate()).flip();
        return copy;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** CRC-32C over [21, end), computed here so the tests check the spec, not the implementation. */
    static int crcOf(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(21));
        return (int) crc.getValue();
    }

    /** A copy of {@code batch} changed by {@code edit} (absolute writes), with its CRC made valid again. */
    static ByteBuffer edited(ByteBuffer batch, Consumer<ByteBuffer> edit) {
        ByteBuffer copy = copy(batch);
        edit.accept(copy);
        copy.putInt(17, crcOf(copy));
        return copy;
    }

    /**
     * A magic-2 batch with the given header fields around an arbitrary records section, with a
     * valid CRC: offsets written literally from Kafka's layout, no producer (-1, -1, -1).
     */
    static ByteBuffer craft(int attributes, int recordCount, int lastOffsetDelta, long firstTimestamp,
            long maxTimestamp, byte[] section) {
        ByteBuffer batch = ByteBuffer.allocate(61 + section.length);
        batch.putLong(0, 0L)
                .putInt(8, 49 + section.length)
                .putInt(12, -1)
                .put(16, (byte) 2)
                .putShort(21, (short) attributes)
                .putInt(23, lastOffsetDelta)
                .putLong(27, firstTimestamp)
                .putLong(35, maxTimestamp)
                .putLong(43, -1L)
                .putShort(51, (short) -1)
                .putInt(53, -1)
                .putInt(57, recordCount)
                .put(61, section);
        batch.putInt(17, crcOf(batch));
        return batch;
    }

    /** As {@link #craft(int, int, int, long, long, byte[])} in the magic-1 layout (47-byte header). */
    static ByteBuffer craftV1(int attributes, int recordCount, int lastOffsetDelta, long firstTimestamp,
            long maxTimestamp, byte[] section) {
        ByteBuffer batch = ByteBuffer.allocate(47 + section.length);
        batch.putLong(0, 0L)
                .putInt(8, 35 + section.length)
                .putInt(12, -1)
                .put(16, (byte) 1)
                .putShort(21, (short) attributes)
                .putInt(23, lastOffsetDelta)
                .putLong(27, firstTimestamp)
                .putLong(35, maxTimestamp)
                .putInt(43, recordCount)
                .put(47, section);
        batch.putInt(17, crcOf(batch));
        return batch;
    }

    /** A well-formed magic-2 header around {@code section}: count records at timestamp 0. */
    static ByteBuffer craft(CompressionType codec, int recordCount, byte[] section) {
        return craft(BatchFormat.V2, codec, recordCount, section);
    }

    /** A well-formed header of {@code format} around {@code section}: count records at timestamp 0. */
    static ByteBuffer craft(BatchFormat format, CompressionType codec, int recordCount, byte[] section) {
        int attributes = codecId(format, codec);
        return format == BatchFormat.V1
                ? craftV1(attributes, recordCount, recordCount - 1, 0L, 0L, section)
                : craft(attributes, recordCount, recordCount - 1, 0L, 0L, section);
    }

    /** The codec ids of docs/record-batch-format.md, written out here rather than asked of the code. */
    static int codecId(BatchFormat format, CompressionType codec) {
        return switch (codec) {
            case NONE -> 0;
            case LZ4 -> format == BatchFormat.V1 ? 1 : 3;
            case ZSTD -> format == BatchFormat.V1 ? 2 : 4;
        };
    }

    /** The section compressed as {@code codec} frames it in magic 2, to run crafted garbage through every decoder. */
    static byte[] compressed(CompressionType codec, byte[] raw) {
        return compressed(BatchFormat.V2, codec, raw);
    }

    /** The section compressed as {@code codec} frames it in {@code format}. */
    static byte[] compressed(BatchFormat format, CompressionType codec, byte[] raw) {
        if (codec == CompressionType.NONE) {
            return raw;
        }
        return Compressions.compress(format, codec, raw, 0);
    }

    /** Concatenates byte fragments; ints are written as single bytes. */
    static byte[] concat(Object... parts) {
        int size = 0;
        for (Object part : parts) {
            size += part instanceof byte[] b ? b.length : 1;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (Object part : parts) {
            if (part instanceof byte[] b) {
                out.put(b);
            } else if (part instanceof Integer i) {
                out.put((byte) (int) i);
            } else {
                throw new IllegalArgumentException(String.valueOf(part));
            }
        }
        byte[] result = new byte[out.position()];
        out.flip().get(result);
        return result;
    }

    static byte[] varint(int value) {
        ByteBuffer b = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, b);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A well-formed uncompressed record body with offset delta {@code index}, key "k", value "v", at timestamp delta 0. */
    static byte[] simpleRecord(int index) {
        byte[] body = concat(0, 0, varint(index), 2, (int) 'k', 2, (int) 'v', 0);
        return concat(varint(body.length), body);
    }
}
