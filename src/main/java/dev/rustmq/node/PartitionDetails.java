package dev.rustmq.node;

import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.storage.log.PartitionLog;
import java.util.Optional;

/**
 * Where one partition's data is, as the admin API's topic details show it: the log's bounds, how
 * far it is in object storage (its manifest) and what still waits for upload.
 *
 * @param logStartOffset first offset a consumer can read
 * @param logEndOffset   the high watermark: the offset the next visible record gets
 * @param uploadedOffset offsets below this are in object storage (the manifest's end)
 * @param objectCount    segment objects in the manifest
 * @param uploadedBytes  bytes of those objects
 * @param uploadLagBytes bytes of the log's batches not yet in the manifest (0 without a local log)
 */
public record PartitionDetails(long logStartOffset, long logEndOffset, long uploadedOffset, int objectCount,
                               long uploadedBytes, long uploadLagBytes) {
    public static final PartitionDetails EMPTY = new PartitionDetails(0, 0, 0, 0, 0, 0);

    /**
     * From this broker's log of the partition when it has one, else from the manifest alone (the
     * partition is served elsewhere or only its objects are left).
     */
    static PartitionDetails of(Optional<PartitionLog> log, Optional<PartitionManifest> manifest) {
        int objects = manifest.map(m -> m.segments().size()).orElse(0);
        long objectBytes = manifest.map(m -> m.segments().stream().mapToLong(SegmentMetadata::sizeBytes).sum())
                .orElse(0L);
        if (log.isPresent()) {
            PartitionLog l = log.get();
            long uploaded = Math.max(l.uploadedEnd(), manifest.map(PartitionManifest::endOffset).orElse(0L));
            long start = l.logStartOffset();
            return new PartitionDetails(start, l.highWatermark(), Math.max(uploaded, start), objects, objectBytes,
                    l.bytesFrom(Math.max(uploaded, start)));
        }
        return manifest.map(m -> new PartitionDetails(m.logStartOffset(), m.endOffset(), m.endOffset(), objects,
                objectBytes, 0)).orElse(EMPTY);
    }
}
