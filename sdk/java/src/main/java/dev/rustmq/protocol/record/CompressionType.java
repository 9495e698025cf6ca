package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/**
 * The codec of a batch's records section, stored in bits 0-2 of the batch attributes. {@link #id()}
 * is the id in a magic-2 batch, Kafka's; magic-1 batches number the same codecs their own way
 * (1 lz4, 2 zstd). Topics name their codec the seed's way: {@code None}, {@code Lz4},
 * {@code Zstd}.
 */
public enum CompressionType {
    NONE(0, "None"), LZ4(3, "Lz4"), ZSTD(4, "Zstd");

    /** Kafka's ids of the codecs it has and RustMQ has not (yet): named in the error, not misread. */
    private static final int GZIP_ID = 1;
    private static final int SNAPPY_ID = 2;

    private final int id;
    private final String displayName;

    CompressionType(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The codec's id in a magic-2 batch (Kafka's): 0 none, 3 lz4, 4 zstd. */
    public int id() {
        return id;
    }

    /** {@code None}, {@code Lz4} or {@code Zstd}, as topics are configured. */
    public String displayName() {
        return displayName;
    }

    /** A topic's codec by its display name (any case); an unknown name is a configuration error. */
    public static CompressionType parse(String text) {
        for (CompressionType c : values()) {
            if (c.displayName.equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new RustMqException(ErrorCode.INVALID_CONFIG,
                "compression \"" + text + "\" is not one of None, Lz4, Zstd");
    }

    /**
     * The codec with this magic-2 (Kafka) id. gzip (1) and snappy (2) are Kafka codecs this
     * version cannot decode, so they are refused by name; any other id can only come from a
     * corrupt batch.
     */
    public static CompressionType forId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            case GZIP_ID -> throw new CorruptRecordException("codec gzip is not supported yet");
            case SNAPPY_ID -> throw new CorruptRecordException("codec snappy is not supported yet");
            default -> throw new CorruptRecordException("unknown compression codec id " + id);
        };
    }
}
