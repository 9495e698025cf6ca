package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/**
 * The codec of a batch's records section; the id is stored in bits 0-2 of the batch attributes.
 * Topics name their codec the seed's way: {@code None}, {@code Lz4}, {@code Zstd}.
 */
public enum CompressionType {
    NONE(0, "None"), LZ4(1, "Lz4"), ZSTD(2, "Zstd");

    private final int id;
    private final String displayName;

    CompressionType(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

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

    /** The codec with this id; an unknown id can only come from a corrupt or foreign batch. */
    public static CompressionType forId(int id) {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> LZ4;
            case 2 -> ZSTD;
            default -> throw new CorruptRecordException("unknown compression codec id " + id);
        };
    }
}
