package dev.rustmq.storage.tier;

import dev.rustmq.metadata.SegmentMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One sequential reader's read-ahead: the chunks ahead of where it reads, each one ranged GET,
 * fetched or in flight at once. Chunks follow each other without gaps from where the window
 * started; {@link #plannedEnd} is where the next one starts. Guarded by itself.
 */
final class ReadAheadWindow {
    static final long UNKNOWN = -1;

    final long generation;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    /** The offset after the last chunk; {@link #UNKNOWN} while the last chunk has not found its end yet. */
    private long plannedEnd;
    /** Where the reader's last read ended. */
    private long position;

    ReadAheadWindow(long generation, long position) {
        this.generation = generation;
        this.position = position;
        this.plannedEnd = position;
    }

    /** The reader is at {@code offset}: chunks wholly behind it are dropped (those not started never run). */
    synchronized void advanceTo(long offset) {
        position = offset;
        while (!chunks.isEmpty() && chunks.peekFirst().end != UNKNOWN && chunks.peekFirst().end <= offset) {
            chunks.pollFirst().cancel();
        }
        if (plannedEnd != UNKNOWN && plannedEnd < offset) {
            plannedEnd = offset; // the reader went past the window (fetched those batches itself)
        }
    }

    synchronized long position() {
        return position;
    }

    /** Where the next chunk starts, or {@link #UNKNOWN} while the last chunk's end is not known. */
    synchronized long plannedEnd() {
        return plannedEnd;
    }

    /** Chunks fetched or in flight from the reader's position on. */
    synchronized int chunksAhead() {
        return chunks.size();
    }

    synchronized void add(Chunk chunk) {
        chunks.addLast(chunk);
        plannedEnd = chunk.end;
    }

    /** A chunk that started without its end has found it. */
    synchronized void planned(Chunk chunk, long end) {
        chunk.end = end;
        if (chunks.peekLast() == chunk) {
            plannedEnd = end;
        }
    }

    /** A chunk could not find its end (its index did not load): the window continues from its start next time. */
    synchronized void unplannable(Chunk chunk) {
        if (chunks.peekLast() == chunk) {
            chunks.pollLast();
            plannedEnd = chunk.from;
        }
    }

    /** Chunks holding any offset in {@code [from, to)}. */
    synchronized List<Chunk> overlapping(long from, long to) {
        List<Chunk> found = new ArrayList<>();
        for (Chunk c : chunks) {
            if (c.from < to && (c.end == UNKNOWN || c.end > from)) {
                found.add(c);
            }
        }
        return found;
    }

    /** A seek or a deleted partition: chunks not started never run. */
    synchronized void abandon() {
        chunks.forEach(Chunk::cancel);
        chunks.clear();
    }

    /**
     * One read-ahead range: done by whoever claims it first, its task or a reader that needs it
     * now. Planned ahead ({@code span} set) when its segment's index was cached, otherwise it
     * loads the index and finds its end itself.
     */
    static final class Chunk {
        final long from;
        final SegmentMetadata segment;
        final SegmentSpan span;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        volatile long end;

        private Chunk(long from, SegmentMetadata segment, SegmentSpan span) {
            this.from = from;
            this.segment = segment;
            this.span = span;
            this.end = span == null ? UNKNOWN : span.end();
        }

        static Chunk planned(long from, SegmentSpan span) {
            return new Chunk(from, span.segment(), span);
        }

        static Chunk unplanned(long from, SegmentMetadata segment) {
            return new Chunk(from, segment, null);
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        void finish() {
            done.complete(null);
        }

        private void cancel() {
            if (claim()) {
                finish();
            }
        }
    }
}
