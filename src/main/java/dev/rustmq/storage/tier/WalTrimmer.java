package dev.rustmq.storage.tier;

import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.log.PartitionLog;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.util.List;

/**
 * The WAL trim rule. The WAL is one log shared by every partition, so it can only be trimmed up to
 * the lowest WAL offset any partition still needs: its first batch not in the manifest, or an
 * append still on its way into the index. Reading the WAL's end first bounds appends that start
 * during the scan (they land after it).
 */
final class WalTrimmer {
    private WalTrimmer() {
    }

    /** The offset the WAL may be trimmed to now, and the partitions it was computed over. */
    record Plan(long target, List<PartitionLog> logs) {
    }

    static Plan plan(WriteAheadLog wal, LogManager logs) {
        // The end first, the partitions after: a partition created and appended to after the end
        // was read has its batches at or after it, so missing it from the list is safe.
        long target = wal.endOffset();
        List<PartitionLog> all = logs.partitionLogs();
        for (PartitionLog log : all) {
            target = Math.min(target, log.firstNeededWalOffset());
        }
        return new Plan(target, all);
    }

    /**
     * Trims the WAL as far as the rule allows; the partitions first forget the batches that go, so
     * their reads turn to object storage. Returns the WAL's start afterwards.
     */
    static long trim(WriteAheadLog wal, LogManager logs) {
        Plan plan = plan(wal, logs);
        if (plan.target() <= wal.startOffset()) {
            return wal.startOffset();
        }
        for (PartitionLog log : plan.logs()) {
            log.releaseWalBefore(plan.target());
        }
        wal.trim(plan.target());
        return wal.startOffset();
    }
}
