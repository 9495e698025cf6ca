package dev.rustmq.storage.tier;

import dev.rustmq.storage.log.PartitionLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Upload progress of one partition log (one incarnation: a deleted and re-created partition gets a
 * new one): how far its data is sealed, the sealed segments not yet in the manifest in offset
 * order, and whether a newer leader fenced it. Touched only on the tiering thread.
 */
final class PartitionUploads {
    final PartitionLog log;
    /** Offsets below this are sealed into segments (uploading or in the manifest). */
    long sealedEnd;
    final Deque<SealedSegment> inFlight = new ArrayDeque<>();
    boolean fenced;
    int commitFailures;
    boolean commitRetryScheduled;

    PartitionUploads(PartitionLog log) {
        this.log = log;
        this.sealedEnd = Math.max(log.uploadedEnd(), log.logStartOffset());
    }

    /** The uploaded segments at the front, ready to be committed in order. */
    List<SealedSegment> committable() {
        List<SealedSegment> ready = new ArrayList<>();
        for (SealedSegment s : inFlight) {
            if (!s.uploaded) {
                break;
            }
            ready.add(s);
        }
        return ready;
    }
}
