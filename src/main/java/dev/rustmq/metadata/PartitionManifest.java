package dev.rustmq.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Which objects form a partition's log in object storage: its segments in offset order (dense,
 * no gaps) and the log start offset (retention moves it). {@code leaderEpoch} is the newest epoch
 * that wrote the manifest: a writer with an older epoch is fenced. {@code version} counts updates.
 * Changed only by compare-and-set ({@link StorageMetadata#replaceManifest}).
 */
public record PartitionManifest(String topic, int partition, int leaderEpoch, long version, long logStartOffset,
                                List<SegmentMetadata> segments) {
    public PartitionManifest {
        segments = List.copyOf(segments);
    }

    public static PartitionManifest empty(String topic, int partition, int leaderEpoch, long logStartOffset) {
        return new PartitionManifest(topic, partition, leaderEpoch, 0, logStartOffset, List.of());
    }

    /** The offset after the last uploaded one: everything in [logStartOffset, endOffset) is in objects. */
    public long endOffset() {
        return segments.isEmpty() ? logStartOffset : segments.get(segments.size() - 1).lastOffset() + 1;
    }

    /** The segment holding {@code offset}, or null. */
    public SegmentMetadata segmentFor(long offset) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            SegmentMetadata s = segments.get(mid);
            if (s.lastOffset() < offset) {
                lo = mid + 1;
            } else if (s.baseOffset() > offset) {
                hi = mid - 1;
            } else {
                return s;
            }
        }
        return null;
    }

    /** This manifest with segments appended, written by {@code writerEpoch}. */
    public PartitionManifest withSegments(List<SegmentMetadata> added, int writerEpoch) {
        List<SegmentMetadata> all = new ArrayList<>(segments);
        all.addAll(added);
        return new PartitionManifest(topic, partition, Math.max(leaderEpoch, writerEpoch), version + 1,
                logStartOffset, all);
    }

    /** This manifest claimed by a newer leader epoch, nothing else changed. */
    public PartitionManifest withLeaderEpoch(int epoch) {
        return new PartitionManifest(topic, partition, epoch, version + 1, logStartOffset, segments);
    }

    /**
     * This manifest starting at {@code start} (retention): segments wholly below it are dropped.
     * {@code start} must be a segment boundary or the end; the log start never moves back.
     */
    public PartitionManifest withLogStartOffset(long start) {
        if (start <= logStartOffset) {
            return this;
        }
        if (start > endOffset()) {
            throw new IllegalArgumentException("log start " + start + " is past the end " + endOffset() + " of "
                    + topic + "-" + partition);
        }
        List<SegmentMetadata> kept = new ArrayList<>();
        for (SegmentMetadata s : segments) {
            if (s.lastOffset() >= start) {
                if (s.baseOffset() < start) {
                    throw new IllegalArgumentException("log start " + start + " is inside segment " + s.key());
                }
                kept.add(s);
            }
        }
        return new PartitionManifest(topic, partition, leaderEpoch, version + 1, start, kept);
    }
}
