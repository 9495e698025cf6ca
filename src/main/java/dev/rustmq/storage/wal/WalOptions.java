package dev.rustmq.storage.wal;

import dev.rustmq.config.WalConfig;
import java.nio.file.Path;

/** What the file WAL needs from {@code [wal]}: where, how big, and when to sync. */
public record WalOptions(Path directory, long capacityBytes, long segmentSizeBytes, int bufferSize,
                         boolean fsyncOnWrite, long flushIntervalMs) {
    public static WalOptions from(WalConfig wal) {
        return new WalOptions(wal.path(), wal.capacityBytes(), wal.segmentSizeBytes(), wal.bufferSize(),
                wal.fsyncOnWrite(), wal.flushIntervalMs());
    }
}
