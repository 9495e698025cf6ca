package dev.rustmq.config;

import java.nio.file.Path;

/** {@code [wal]}: the broker's local write-ahead log. */
public record WalConfig(Path path, long capacityBytes, boolean fsyncOnWrite, long segmentSizeBytes, int bufferSize,
                        long flushIntervalMs, long uploadIntervalMs) {
}
