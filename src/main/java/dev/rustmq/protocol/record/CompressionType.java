package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;

/** The codec of a batch's records section; the id is stored in bits 0-2 of the batch attributes. */
public enum CompressionType {
    NONE(0), LZ4(1), ZSTD(2);

    private final int id;

    CompressionType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
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
