package dev.rustmq.storage.tier;

import dev.rustmq.metrics.DataPlaneObserver;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of retention and object clean-up, for metrics and tests. */
public final class RetentionStats {
    final AtomicLong passes = new AtomicLong();
    final AtomicLong segmentsDeleted = new AtomicLong();
    final AtomicLong bytesDeleted = new AtomicLong();
    final AtomicLong orphansDeleted = new AtomicLong();
    final AtomicLong orphanBytesDeleted = new AtomicLong();
    final AtomicLong deleteFailures = new AtomicLong();
    private final DataPlaneObserver observer;

    public RetentionStats() {
        this(DataPlaneObserver.NOOP);
    }

    /** Counters that also report each deletion to {@code observer} (metrics). */
    public RetentionStats(DataPlaneObserver observer) {
        this.observer = observer;
    }

    void segmentExpired(long bytes) {
        segmentsDeleted.incrementAndGet();
        bytesDeleted.addAndGet(bytes);
        observer.segmentExpired(bytes);
    }

    void orphanDeleted(long bytes) {
        orphansDeleted.incrementAndGet();
        orphanBytesDeleted.addAndGet(bytes);
        observer.orphanDeleted(bytes);
    }

    void deleteFailed() {
        deleteFailures.incrementAndGet();
        observer.objectDeleteFailed();
    }

    /** Retention passes completed (each: every partition's policy, then the orphan sweep). */
    public long passes() {
        return passes.get();
    }

    /** Segment objects deleted because their topic's retention policy expired them. */
    public long segmentsDeleted() {
        return segmentsDeleted.get();
    }

    /** Bytes of those segment objects. */
    public long bytesDeleted() {
        return bytesDeleted.get();
    }

    /**
     * Objects no manifest uses that were deleted: a deleted topic's, fenced or re-cut uploads, and
     * retention deletes that failed before.
     */
    public long orphansDeleted() {
        return orphansDeleted.get();
    }

    /** Bytes of those objects. */
    public long orphanBytesDeleted() {
        return orphanBytesDeleted.get();
    }

    /** Object deletes that failed (retried by a later pass's orphan sweep). */
    public long deleteFailures() {
        return deleteFailures.get();
    }
}
