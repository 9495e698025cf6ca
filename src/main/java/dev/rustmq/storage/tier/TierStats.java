package dev.rustmq.storage.tier;

import dev.rustmq.common.Time;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.RateWindow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the upload pipeline, for metrics and tests. Upload events are also passed to the
 * node's {@link DataPlaneObserver}, which keeps the Prometheus counters in Liberty.
 */
public final class TierStats {
    /** The window of {@link #uploadBytesPerSecond()}. */
    public static final int UPLOAD_RATE_WINDOW_SECONDS = 60;

    final AtomicLong uploads = new AtomicLong();
    final AtomicLong uploadedBytes = new AtomicLong();
    final AtomicLong storedBytes = new AtomicLong();
    final AtomicLong uploadErrors = new AtomicLong();
    final AtomicLong uploadRetries = new AtomicLong();
    final AtomicLong committedSegments = new AtomicLong();
    final AtomicLong committedBytes = new AtomicLong();
    final AtomicLong trimmedBytes = new AtomicLong();
    final AtomicLong trimRefusals = new AtomicLong();
    private final RateWindow uploadRate;
    private final DataPlaneObserver observer;

    TierStats() {
        this(Time.SYSTEM, DataPlaneObserver.NOOP);
    }

    TierStats(Time time, DataPlaneObserver observer) {
        this.uploadRate = new RateWindow(time, UPLOAD_RATE_WINDOW_SECONDS);
        this.observer = observer;
    }

    /** A segment object of {@code bytes} bytes was stored. */
    void stored(long bytes) {
        uploads.incrementAndGet();
        storedBytes.addAndGet(bytes);
        uploadRate.record(bytes);
        observer.segmentUploaded(bytes);
    }

    /** A try to store a segment object failed (after the store's own quick retries); it will be tried again. */
    void uploadFailed() {
        uploadErrors.incrementAndGet();
        observer.segmentUploadFailed();
    }

    /** A segment put is tried again: by the uploader after a failed try, or by the store within one. */
    void uploadRetried() {
        uploadRetries.incrementAndGet();
        observer.segmentUploadRetried();
    }

    /** Segment objects stored (including ones later found unusable, e.g. fenced). */
    public long uploads() {
        return uploads.get();
    }

    /** Bytes of segment objects built for upload (each attempt). */
    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    /** Bytes of the segment objects stored ({@link #uploads()}). */
    public long storedBytes() {
        return storedBytes.get();
    }

    /** Bytes stored per second over the last {@value #UPLOAD_RATE_WINDOW_SECONDS} seconds. */
    public double uploadBytesPerSecond() {
        return uploadRate.perSecond();
    }

    /** Tries to store a segment object that failed (each is tried again). */
    public long uploadErrors() {
        return uploadErrors.get();
    }

    /** Segment puts tried again, by the uploader or by the object store's own retries. */
    public long uploadRetries() {
        return uploadRetries.get();
    }

    /** Segments recorded in manifests. */
    public long committedSegments() {
        return committedSegments.get();
    }

    /** Bytes of the segment objects recorded in manifests. */
    public long committedBytes() {
        return committedBytes.get();
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
