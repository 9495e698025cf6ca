package dev.rustmq.storage.log;

import java.util.ArrayList;
import java.util.List;

/**
 * A partition's batches in offset order, for offset → position lookups by binary search. Appends
 * only at the end (offsets are dense and increasing); the head is dropped when data leaves.
 * Not thread-safe: {@link PartitionLog} guards it.
 */
final class OffsetIndex {
    private final ArrayList<BatchLocation> batches = new ArrayList<>();
    private int head;

    void add(BatchLocation location) {
        if (!isEmpty() && location.baseOffset() != last().lastOffset() + 1) {
            throw new IllegalStateException("batch at " + location.baseOffset() + " does not follow "
                    + last().lastOffset());
        }
        batches.add(location);
    }

    boolean isEmpty() {
        return head == batches.size();
    }

    int size() {
        return batches.size() - head;
    }

    BatchLocation first() {
        return batches.get(head);
    }

    BatchLocation last() {
        return batches.get(batches.size() - 1);
    }

    /** Index (for {@link #get}) of the batch that holds {@code offset}, or -1 when none does. */
    int indexOf(long offset) {
        int lo = head;
        int hi = batches.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            BatchLocation b = batches.get(mid);
            if (b.lastOffset() < offset) {
                lo = mid + 1;
            } else if (b.baseOffset() > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    BatchLocation get(int index) {
        return batches.get(index);
    }

    int endIndex() {
        return batches.size();
    }

    /** Batches from {@code fromIndex} whose last offset is below {@code endOffset}, up to maxBytes (at least one). */
    List<BatchLocation> range(int fromIndex, long endOffset, int maxBytes) {
        List<BatchLocation> result = new ArrayList<>();
        long bytes = 0;
        for (int i = fromIndex; i < batches.size(); i++) {
            BatchLocation b = batches.get(i);
            if (b.lastOffset() >= endOffset || (!result.isEmpty() && bytes + b.size() > maxBytes)) {
                break;
            }
            result.add(b);
            bytes += b.size();
        }
        return result;
    }
}
