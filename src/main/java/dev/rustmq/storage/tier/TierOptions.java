package dev.rustmq.storage.tier;

import dev.rustmq.config.RustMqConfig;

/**
 * How tiering seals, uploads and reads back.
 *
 * @param segmentBytes seal a partition's data once this much waits ({@code [wal] segment_size_bytes})
 * @param uploadIntervalMs seal whatever waits once its oldest batch is this old ({@code [wal] upload_interval_ms})
 * @param maxConcurrentUploads uploads in flight at once ({@code [object_storage] max_concurrent_uploads})
 * @param checkIntervalMs how often partitions are checked for data to seal
 * @param walPressure seal everything waiting once the WAL is this full (0..1), so many small
 *        partitions cannot fill the WAL between age checks
 * @param retryBackoffMs first wait after a failed upload or manifest write; doubles up to {@code maxRetryBackoffMs}
 * @param maxRetryBackoffMs longest wait between retries (they never give up: the data is acknowledged)
 * @param readAheadBytes how much more a sequential cold reader gets fetched into the read cache
 * @param indexCacheBytes memory for segment indexes read back from object storage
 * @param readAheadChunks how many {@code readAheadBytes} chunks a sequential cold reader gets
 *        fetched or in flight ahead of it, each its own ranged GET (at most an eighth of the read cache)
 */
public record TierOptions(long segmentBytes, long uploadIntervalMs, int maxConcurrentUploads,
                          long checkIntervalMs, double walPressure, long retryBackoffMs,
                          long maxRetryBackoffMs, int readAheadBytes, long indexCacheBytes,
                          int readAheadChunks) {
    /** Chunks read ahead unless set: 4, so one reader keeps as many GETs in flight as there are cold-read threads. */
    public static final int DEFAULT_READ_AHEAD_CHUNKS = 4;

    public TierOptions(long segmentBytes, long uploadIntervalMs, int maxConcurrentUploads, long checkIntervalMs,
                       double walPressure, long retryBackoffMs, long maxRetryBackoffMs, int readAheadBytes,
                       long indexCacheBytes) {
        this(segmentBytes, uploadIntervalMs, maxConcurrentUploads, checkIntervalMs, walPressure, retryBackoffMs,
                maxRetryBackoffMs, readAheadBytes, indexCacheBytes, DEFAULT_READ_AHEAD_CHUNKS);
    }

    public TierOptions {
        if (segmentBytes <= 0 || uploadIntervalMs <= 0 || maxConcurrentUploads <= 0 || checkIntervalMs <= 0
                || retryBackoffMs <= 0 || maxRetryBackoffMs < retryBackoffMs
                || walPressure <= 0 || walPressure > 1 || readAheadBytes < 0 || indexCacheBytes < 0
                || readAheadChunks < 1) {
            throw new IllegalArgumentException("invalid tier options: segment " + segmentBytes + " bytes, interval "
                    + uploadIntervalMs + " ms, " + maxConcurrentUploads + " uploads, check " + checkIntervalMs
                    + " ms, pressure " + walPressure + ", backoff "
                    + retryBackoffMs + ".." + maxRetryBackoffMs + " ms, read-ahead " + readAheadBytes
                    + " x " + readAheadChunks + ", index cache " + indexCacheBytes);
        }
    }

    /**
     * The largest segment that may be sealed: segments are built in memory before their upload, so
     * {@code max_concurrent_uploads} of them, plus the next one built while they upload, must fit in
     * a quarter of the heap (at least 16 MiB each).
     * A larger {@code segment_size_bytes} is lowered to this, with a warning, rather than risk an
     * OutOfMemoryError under sustained load.
     */
    public static long maxSegmentBytes(int maxConcurrentUploads) {
        return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4 / (Math.max(1, maxConcurrentUploads) + 1));
    }

    /** From the broker's configuration. */
    public static TierOptions from(RustMqConfig config) {
        long interval = config.wal().uploadIntervalMs();
        int uploads = config.objectStorage().maxConcurrentUploads();
        long segmentBytes = config.wal().segmentSizeBytes();
        long cap = maxSegmentBytes(uploads);
        if (segmentBytes > cap) {
            java.util.logging.Logger.getLogger(TierOptions.class.getName()).warning("[wal] segment_size_bytes "
                    + segmentBytes + " is lowered to " + cap + ": " + (uploads + 1)
                    + " segments (max_concurrent_uploads + 1) are built in memory at once and must fit in a quarter of the " + Runtime.getRuntime().maxMemory()
                    + "-byte heap; raise -Xmx or lower max_concurrent_uploads for larger segments");
            segmentBytes = cap;
        }
        return new TierOptions(segmentBytes, interval,
                config.objectStorage().maxConcurrentUploads(), Math.max(1, Math.min(1_000, interval / 4)), 0.5,
                // The store's back-off bounds also pace the uploader's tries after a failed put, so uploads
                // resume within retry_max_delay_ms of the store coming back.
                config.objectStorage().retryBaseDelayMs(), config.objectStorage().retryMaxDelayMs(),
                1 << 20, 32L << 20);
    }

    public static TierOptions defaults(long segmentBytes, long uploadIntervalMs) {
        return new TierOptions(segmentBytes, uploadIntervalMs, 4, Math.max(1, Math.min(1_000, uploadIntervalMs / 4)),
                0.5, 10, 1_000, 1 << 20, 32L << 20);
    }

    public TierOptions withMaxConcurrentUploads(int n) {
        return new TierOptions(segmentBytes, uploadIntervalMs, n, checkIntervalMs,
                walPressure, retryBackoffMs, maxRetryBackoffMs, readAheadBytes, indexCacheBytes, readAheadChunks);
    }


    public TierOptions withWalPressure(double ratio) {
        return new TierOptions(segmentBytes, uploadIntervalMs, maxConcurrentUploads,
                checkIntervalMs, ratio, retryBackoffMs, maxRetryBackoffMs, readAheadBytes, indexCacheBytes, readAheadChunks);
    }

    public TierOptions withReadAheadBytes(int bytes) {
        return new TierOptions(segmentBytes, uploadIntervalMs, maxConcurrentUploads,
                checkIntervalMs, walPressure, retryBackoffMs, maxRetryBackoffMs, bytes, indexCacheBytes, readAheadChunks);
    }

    public TierOptions withReadAheadChunks(int chunks) {
        return new TierOptions(segmentBytes, uploadIntervalMs, maxConcurrentUploads,
                checkIntervalMs, walPressure, retryBackoffMs, maxRetryBackoffMs, readAheadBytes, indexCacheBytes, chunks);
    }
}
