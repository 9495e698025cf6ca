package dev.rustmq.storage.tier;

import dev.rustmq.metadata.SegmentMetadata;

/** Batches {@code from..to} (index positions) of one segment: what one ranged GET at most fetches. */
record SegmentSpan(SegmentMetadata segment, SegmentIndex index, int from, int to) {
    /** The offset after the span's last batch. */
    long end() {
        return index.entry(to).lastOffset() + 1;
    }

    long bytes() {
        SegmentIndex.Entry last = index.entry(to);
        return last.position() + last.size() - index.entry(from).position();
    }
}
