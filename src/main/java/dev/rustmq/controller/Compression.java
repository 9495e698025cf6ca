package dev.rustmq.controller;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/** A topic's compression codec, written as in the seed's admin API: {@code None}, {@code Lz4}, {@code Zstd}. */
public enum Compression {
    NONE("None"), LZ4("Lz4"), ZSTD("Zstd");

    private final String displayName;

    Compression(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static Compression parse(String text) {
        for (Compression c : values()) {
            if (c.displayName.equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new RustMqException(ErrorCode.INVALID_CONFIG,
                "compression \"" + text + "\" is not one of None, Lz4, Zstd");
    }
}
