package dev.rustmq.storage.log;

import dev.rustmq.storage.wal.WalPosition;

/**
 * One batch of a partition: its offset range, the leader epoch that wrote it, and where its
 * bytes lie in the WAL ({@code batchPosition} into the entry's payload, {@code size} bytes).
 */
record BatchLocation(long baseOffset, long lastOffset, int leaderEpoch, long maxTimestamp, WalPosition walPosition,
                     int batchPosition, int size) {
}
