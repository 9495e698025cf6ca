package dev.rustmq.storage.log;

import dev.rustmq.storage.wal.WalPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A partition's batches in offset order, for offset → position lookups by binary search. Appends
 * only at the end (offsets are dense and increasing); the head is dropped when data leaves.
 *
 * <p>Kept in primitive arrays rather than one object per batch: a busy broker indexes millions
 * of batches, and per-batch objects would all survive young collections and lengthen GC pauses.
 * {@link BatchLocation}s are made on lookup. Not thread-safe: {@link PartitionLog} guards it.
 */
final class OffsetIndex {
    private static final int INITIAL_CAPACITY = 64;

    private long[] baseOffsets = new long[INITIAL_CAPACITY];
    private int[] lastOffsetDeltas = new int[INITIAL_CAPACITY];
    private int[] leaderEpochs = new int[INITIAL_CAPACITY];
    private long[] maxTimestamps = new long[INITIAL_CAPACITY];
    /**
     * The largest timestamp in this batch or any before it. Producers set timestamps, so they need
     * not grow with offsets; the running maximum does, which makes lookups by time a binary search.
     */
    private long[] timestampsSoFar = new long[INITIAL_CAPACITY];
    /** Bytes of this batch and every one added before it (the running total never restarts). */
    private long[] bytesSoFar = new long[INITIAL_CAPACITY];
    private long[] walOffsets = new long[INITIAL_CAPACITY];
    private int[] walSizes = new int[INITIAL_CAPACITY];
    private int[] batchPositions = new int[INITIAL_CAPACITY];
    private int[] sizes = new int[INITIAL_CAPACITY];
    private int head;
    private int end;

    void add(BatchLocation location) {
        if (!isEmpty() && location.baseOffset() != lastOffset(end - 1) + 1) {
            throw new IllegalStateException("batch at " + location.baseOffset() + " does not follow "
                    + lastOffset(end - 1));
        }
        long delta = location.lastOffset() - location.baseOffset();
        if (delta < 0 || delta > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch offset range " + location.baseOffset() + ".."
                    + location.lastOffset() + " is invalid");
        }
        if (end == baseOffsets.length) {
            grow();
        }
        baseOffsets[end] = location.baseOffset();
        lastOffsetDeltas[end] = (int) delta;
        leaderEpochs[end] = location.leaderEpoch();
        maxTimestamps[end] = location.maxTimestamp();
        timestampsSoFar[end] = isEmpty() ? location.maxTimestamp()
                : Math.max(timestampsSoFar[end - 1], location.maxTimestamp());
        bytesSoFar[end] = (end == 0 ? 0 : bytesSoFar[end - 1]) + location.size();
        walOffsets[end] = location.walPosition().offset();
        walSizes[end] = location.walPosition().size();
        batchPositions[end] = location.batchPosition();
        sizes[end] = location.size();
        end++;
    }

    /** Doubles the arrays, first moving live entries to the front when the dropped head is large. */
    private void grow() {
        int live = end - head;
        int capacity = live * 2 > baseOffsets.length ? baseOffsets.length * 2 : baseOffsets.length;
        baseOffsets = compact(baseOffsets, capacity, live);
        lastOffsetDeltas = compact(lastOffsetDeltas, capacity, live);
        leaderEpochs = compact(leaderEpochs, capacity, live);
        maxTimestamps = compact(maxTimestamps, capacity, live);
        timestampsSoFar = compact(timestampsSoFar, capacity, live);
        bytesSoFar = compact(bytesSoFar, capacity, live);
        walOffsets = compact(walOffsets, capacity, live);
        walSizes = compact(walSizes, capacity, live);
        batchPositions = compact(batchPositions, capacity, live);
        sizes = compact(sizes, capacity, live);
        end = live;
        head = 0;
    }

    private long[] compact(long[] array, int capacity, int live) {
        long[] next = capacity == array.length ? array : Arrays.copyOf(array, capacity);
        System.arraycopy(array, head, next, 0, live);
        return next;
    }

    private int[] compact(int[] array, int capacity, int live) {
        int[] next = capacity == array.length ? array : Arrays.copyOf(array, capacity);
        System.arraycopy(array, head, next, 0, live);
        return next;
    }

    /** Drops the first {@code count} batches (their data left the WAL for object storage). */
    void removeFirst(int count) {
        if (count < 0 || count > size()) {
            throw new IndexOutOfBoundsException("cannot drop " + count + " of " + size() + " batches");
        }
        head += count;
    }

    /** Drops the batches from index {@code fromIndex} to the end (a follower's truncation). */
    void removeFrom(int fromIndex) {
        if (fromIndex < head || fromIndex > end) {
            throw new IndexOutOfBoundsException("cannot cut at " + fromIndex + " of [" + head + ", " + end + ")");
        }
        end = fromIndex;
    }

    /**
     * Index of the first batch written by a leader epoch above {@code epoch} (epochs rise along a
     * log), or {@link #endIndex()} if none.
     */
    int firstWithEpochAbove(int epoch) {
        int lo = head;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (leaderEpochs[mid] <= epoch) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** WAL offset of the batch at index {@code i} (for {@link #get}). */
    long walOffsetAt(int i) {
        return walOffsets[i];
    }

    /** Index of the first batch whose last offset is at or after {@code offset}, or {@link #endIndex()} if none. */
    int firstEndingAtOrAfter(long offset) {
        int lo = head;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lastOffset(mid) < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Bytes of the batches from index {@code fromIndex} that end below {@code endOffset}. */
    long bytesBetween(int fromIndex, long endOffset) {
        int to = firstEndingAtOrAfter(endOffset);
        if (fromIndex >= to) {
            return 0;
        }
        return bytesSoFar[to - 1] - bytesSoFar[fromIndex] + sizes[fromIndex];
    }

    int headIndex() {
        return head;
    }

    boolean isEmpty() {
        return head == end;
    }

    int size() {
        return end - head;
    }

    BatchLocation first() {
        return get(head);
    }

    BatchLocation last() {
        return get(end - 1);
    }

    private long lastOffset(int i) {
        return baseOffsets[i] + lastOffsetDeltas[i];
    }

    /** Index (for {@link #get}) of the batch that holds {@code offset}, or -1 when none does. */
    int indexOf(long offset) {
        int lo = head;
        int hi = end - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lastOffset(mid) < offset) {
                lo = mid + 1;
            } else if (baseOffsets[mid] > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * Index of the first batch that holds a timestamp at or after {@code timestamp} (the first
     * whose running maximum reaches it), or -1 when no batch does.
     */
    int indexOfTimestamp(long timestamp) {
        int lo = head;
        int hi = end - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timestampsSoFar[mid] >= timestamp) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    BatchLocation get(int i) {
        if (i < head || i >= end) {
            throw new IndexOutOfBoundsException("index " + i + " outside [" + head + ", " + end + ")");
        }
        return new BatchLocation(baseOffsets[i], lastOffset(i), leaderEpochs[i], maxTimestamps[i],
                new WalPosition(walOffsets[i], walSizes[i]), batchPositions[i], sizes[i]);
    }

    int endIndex() {
        return end;
    }

    int leaderEpochAt(int i) {
        return leaderEpochs[i];
    }

    /** Batches from {@code fromIndex} whose last offset is below {@code endOffset}, up to maxBytes (at least one). */
    List<BatchLocation> range(int fromIndex, long endOffset, int maxBytes) {
        List<BatchLocation> result = new ArrayList<>();
        long bytes = 0;
        for (int i = fromIndex; i < end; i++) {
            if (lastOffset(i) >= endOffset || (!result.isEmpty() && bytes + sizes[i] > maxBytes)) {
                break;
            }
            result.add(get(i));
            bytes += sizes[i];
        }
        return result;
    }
}
