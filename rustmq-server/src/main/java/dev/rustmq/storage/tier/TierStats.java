package dev.rustmq.storage.tier;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the upload pipeline, for metrics and tests. */
public final class TierStats {
    final AtomicLong uploads = new AtomicLong();
    final AtomicLong uploadedBytes = new AtomicLong();
    final AtomicLong committedSegments = new AtomicLong();
    final AtomicLong trimmedBytes = new AtomicLong();
    final AtomicLong trimRefusals = new AtomicLong();

    /** Segment objects stored (including ones later found unusable, e.g. fenced). */
    public long uploads() {
        return uploads.get();
    }

    /** Bytes of segment objects built for upload (each attempt). */
    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    /** Segments recorded in manifests. */
    public long committedSegments() {
        return committedSegments.get();
    }

    /** Trims refused because a partition still needed data below the target (a bug if ever non-zero). */
    public long trimRefusals() {
        return trimRefusals.get();
    }

    /** WAL bytes released by trims. */
    public long trimmedBytes() {
        return trimmedBytes.get();
    }
}
