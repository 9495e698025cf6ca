package dev.rustmq.metrics;

import dev.rustmq.errors.ErrorCode;

/**
 * What the produce and fetch paths, the client listeners and the segment uploader report for
 * metrics (docs/metrics.md). Plain Java so the core stays free of any metrics library; the app layer
 * binds it to MicroProfile Metrics. Calls come from Netty event loops and the WAL writer thread:
 * implementations must be cheap, thread-safe, and must neither block nor throw. Every call carries
 * counts for a whole batch or request, never one call per record.
 */
public interface DataPlaneObserver {
    /** Reports nowhere: for tests and tools that do not look at metrics. */
    DataPlaneObserver NOOP = new DataPlaneObserver() {
    };

    /** A produced batch of {@code records} records, {@code bytes} bytes, is in the partition log. */
    default void produced(int records, int bytes) {
    }

    /**
     * A produce that reached the log was answered {@code nanos} after the broker took the batch,
     * including the wait for the acks level (or until its time-out). Batches rejected before the
     * append (unknown partition, too large, ...) report only {@link #produceFailed}.
     */
    default void produceLatency(long nanos) {
    }

    /** A produce was answered with {@code code}. */
    default void produceFailed(ErrorCode code) {
    }

    /** A fetch returned {@code records} records in {@code bytes} bytes of whole batches (both may be 0). */
    default void fetched(int records, int bytes) {
    }

    /**
     * A fetch that returned records took {@code nanos} of the broker's serving time: resolving the
     * partition and reading the log. Time parked in a long poll waiting for data is not included.
     */
    default void fetchLatency(long nanos) {
    }

    /** A fetch was answered with {@code code}. */
    default void fetchFailed(ErrorCode code) {
    }

    /** A client connection was accepted. */
    default void connectionOpened(Transport transport) {
    }

    /** An accepted client connection closed (either side, or the idle timeout). */
    default void connectionClosed(Transport transport) {
    }

    /** A client connection was refused because {@code [network] max_connections} was reached. */
    default void connectionRejected(Transport transport) {
    }

    /** A segment object of {@code bytes} bytes was stored in object storage. */
    default void segmentUploaded(long bytes) {
    }

    /** A try to store a segment object failed (after the store's own quick retries); it is tried again. */
    default void segmentUploadFailed() {
    }

    /** A segment put is tried again (by the uploader after back-off, or by the object store within a put). */
    default void segmentUploadRetried() {
    }

    /** Retention deleted a segment object of {@code bytes} bytes (its topic's policy expired it). */
    default void segmentExpired(long bytes) {
    }

    /** An object no manifest names (a deleted topic's, a fenced or re-cut upload) of {@code bytes} bytes was deleted. */
    default void orphanDeleted(long bytes) {
    }

    /** Deleting an object failed; a later retention pass tries again. */
    default void objectDeleteFailed() {
    }
}
