package dev.rustmq.storage.wal;

import dev.rustmq.common.Time;
import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.errors.WalStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The WAL on local disk: segment files under one folder, written by a single writer thread.
 *
 * <p>Group commit: appends from any number of threads queue up; the writer takes everything
 * queued, writes it through one buffer, issues one fdatasync, then completes all of those appends.
 * While it syncs, the next group gathers, so one sync covers many appends under load.
 *
 * <p>Capacity: bytes between the checkpoint and the end, plus bytes queued, never exceed
 * {@code capacityBytes}; an append that does not fit waits for {@link #trim} until its timeout
 * (or until {@link #close}, which fails it).
 */
public final class FileWriteAheadLog implements WriteAheadLog {
    private static final Logger LOG = Logger.getLogger(FileWriteAheadLog.class.getName());

    private final WalOptions options;
    private final Time time;
    private final ConcurrentSkipListMap<Long, WalSegment> segments = new ConcurrentSkipListMap<>();
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock spaceLock = new ReentrantLock();
    private final Condition spaceFreed = spaceLock.newCondition();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong bytesAppended = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();

    private volatile long startOffset;
    private volatile long endOffset;
    /** Frame bytes accepted but not yet written; guarded by spaceLock. */
    private long reservedBytes;
    private volatile WalStorageException failure;
    private volatile boolean closed;
    private Thread writer;
    private WalSegment active;
    private ByteBuffer writeBuffer;

    private record PendingAppend(ByteBuffer payload, int crc, CompletableFuture<WalPosition> result) {
        int frameSize() {
            return WalFrame.HEADER_SIZE + payload.remaining();
        }
    }

    /** Queued by {@link #close} to wake the writer from its wait (up to flush_interval_ms); never written. */
    private static final int WRITER_SPINS = 1000;
    private static final PendingAppend WAKE_UP = new PendingAppend(ByteBuffer.allocate(0), 0, null);
    /** One trim at a time: each replaces the checkpoint file, and the start offset only moves forward. */
    private final Object trimLock = new Object();

    /** A WAL whose waits (for room, for the next flush) run on the system clock. */
    public FileWriteAheadLog(WalOptions options) {
        this(options, Time.SYSTEM);
    }

    public FileWriteAheadLog(WalOptions options, Time time) {
        this.options = options;
        this.time = time;
    }

    @Override
    public void recover(BiConsumer<WalPosition, ByteBuffer> consumer) {
        if (writer != null) {
            throw new IllegalStateException("already recovered");
        }
        try {
            Files.createDirectories(options.directory());
            startOffset = WalCheckpoint.read(options.directory());
            List<WalSegment> found = openSegments();
            endOffset = replay(found, consumer);
            if (segments.isEmpty()) {
                active = WalSegment.create(options.directory(), endOffset);
                WalCheckpoint.syncDirectory(options.directory());
                segments.put(active.baseOffset(), active);
            } else {
                active = segments.lastEntry().getValue();
            }
        } catch (IOException e) {
            throw new WalStorageException("cannot recover the WAL in " + options.directory() + ": " + e.getMessage(), e);
        }
        writeBuffer = ByteBuffer.allocateDirect(options.bufferSize());
        writer = new Thread(this::writeLoop, "rustmq-wal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Segments on disk in offset order; those wholly before the checkpoint are deleted (their trim was cut short). */
    private List<WalSegment> openSegments() throws IOException {
        List<Path> paths;
        try (Stream<Path> files = Files.list(options.directory())) {
            paths = files.filter(WalSegment::isSegmentFile).sorted().toList();
        }
        List<WalSegment> result = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            long nextBase = i + 1 < paths.size() ? WalSegment.baseOffsetOf(paths.get(i + 1)) : Long.MAX_VALUE;
            if (nextBase <= startOffset) {
                Files.delete(paths.get(i));
            } else {
                result.add(WalSegment.open(paths.get(i)));
            }
        }
        if (result.isEmpty()) {
            return result;
        }
        if (result.get(0).baseOffset() > startOffset) {
            // Data between the checkpoint and the first file is gone: start from what exists.
            LOG.severe(() -> "WAL in " + options.directory() + ": checkpoint " + startOffset
                    + " lies before the first segment " + result.get(0).path() + "; replaying from there");
            startOffset = result.get(0).baseOffset();
        }
        return result;
    }

    /** Replays valid frames in order; at the first bad one, truncates there and sets the rest aside. */
    private long replay(List<WalSegment> found, BiConsumer<WalPosition, ByteBuffer> consumer) throws IOException {
        long expectedBase = found.isEmpty() ? startOffset : found.get(0).baseOffset();
        for (int i = 0; i < found.size(); i++) {
            WalSegment segment = found.get(i);
            if (segment.baseOffset() != expectedBase) {
                LOG.severe(() -> "WAL segment " + segment.path() + " does not follow the previous one (expected offset "
                        + "continuity); replay stops before it");
                quarantine(found.subList(i, found.size()));
                return expectedBase;
            }
            segments.put(segment.baseOffset(), segment);
            long from = Math.max(0, startOffset - segment.baseOffset());
            FrameScanner scanner = new FrameScanner(segment, from);
            while (true) {
                FrameScanner.Result r = scanner.next();
                if (r.isFrame()) {
                    long offset = segment.baseOffset() + r.filePosition();
                    consumer.accept(new WalPosition(offset, r.payload().remaining()), r.payload());
                    continue;
                }
                if (r.stop() != FrameScanner.Stop.END) {
                    boolean last = i == found.size() - 1;
                    stopAt(segment, r, last);
                    quarantine(found.subList(i + 1, found.size()));
                    return segment.baseOffset() + r.filePosition();
                }
                break;
            }
            expectedBase = segment.endOffset();
        }
        return expectedBase;
    }

    private void stopAt(WalSegment segment, FrameScanner.Result r, boolean lastSegment) throws IOException {
        long cut = r.filePosition();
        long lost = segment.size() - cut;
        boolean benign = lastSegment && r.stop() != FrameScanner.Stop.CORRUPT;
        if (benign) {
            LOG.warning(() -> "WAL " + segment.path() + " position " + cut + ": " + r.problem() + "; truncating "
                    + lost + " bytes that were never acknowledged");
        } else {
            Path aside = segment.path().resolveSibling(segment.path().getFileName() + "." + cut + ".corrupt");
            Files.write(aside, segment.read(cut, (int) Math.min(lost, Integer.MAX_VALUE - 8)).array());
            LOG.severe(() -> "WAL " + segment.path() + " position " + cut + ": " + r.problem() + "; replay stops "
                    + "here and nothing after it is served. The " + lost + " bytes from there were moved to " + aside);
        }
        segment.truncate(cut);
    }

    private void quarantine(List<WalSegment> rest) throws IOException {
        for (WalSegment s : rest) {
            s.close();
            Path aside = s.path().resolveSibling(s.path().getFileName() + ".corrupt");
            Files.move(s.path(), aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.severe(() -> "WAL segment " + s.path() + " follows a bad entry; moved to " + aside
                    + " and not replayed");
        }
    }

    @Override
    public CompletableFuture<WalPosition> append(ByteBuffer payload, long timeoutMs) {
        CompletableFuture<WalPosition> result = new CompletableFuture<>();
        if (payload.remaining() == 0) {
            result.completeExceptionally(new IllegalArgumentException("empty WAL entry"));
            return result;
        }
        WalStorageException failed = failure;
        if (failed != null || closed || writer == null) {
            result.completeExceptionally(failed != null ? failed
                    : new WalStorageException(closed ? "the WAL is closed" : "the WAL is not recovered yet"));
            return result;
        }
        PendingAppend pending = new PendingAppend(payload.slice(), WalFrame.crc(payload), result);
        try {
            reserve(pending.frameSize(), timeoutMs);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        queue.add(pending);
        if (closed) {
            drainQueue(new WalStorageException("the WAL is closed"));
        }
        return result;
    }

    private void reserve(int frameSize, long timeoutMs) {
        if (frameSize > options.capacityBytes()) {
            throw new WalFullException("a WAL entry of " + frameSize + " bytes exceeds [wal] capacity_bytes ("
                    + options.capacityBytes() + ")");
        }
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        spaceLock.lock();
        try {
            while (endOffset - startOffset + reservedBytes + frameSize > options.capacityBytes()) {
                if (closed) {
                    throw new WalStorageException("the WAL is closed");
                }
                long left = deadline - time.nanoseconds();
                if (left <= 0) {
                    throw new WalFullException("the WAL is full: " + (endOffset - startOffset + reservedBytes)
                            + " of " + options.capacityBytes() + " bytes ([wal] capacity_bytes) hold data not yet "
                            + "moved to object storage" + (timeoutMs > 0 ? "; waited " + timeoutMs + " ms" : ""));
                }
                time.awaitNanos(spaceFreed, left);
            }
            reservedBytes += frameSize;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalStorageException("interrupted while waiting for WAL space");
        } finally {
            spaceLock.unlock();
        }
    }

    @Override
    public boolean waitsForRoom() {
        return true;
    }

    @Override
    public void awaitRoom(int payloadBytes, long timeoutMs) throws InterruptedException {
        long frameSize = WalFrame.HEADER_SIZE + (long) payloadBytes;
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        spaceLock.lock();
        try {
            while (!closed && frameSize <= options.capacityBytes()
                    && endOffset - startOffset + reservedBytes + frameSize > options.capacityBytes()) {
                long left = deadline - time.nanoseconds();
                if (left <= 0) {
                    return;
                }
                time.awaitNanos(spaceFreed, left);
            }
        } finally {
            spaceLock.unlock();
        }
    }

    private void writeLoop() {
        List<PendingAppend> group = new ArrayList<>();
        long lastSync = time.nanoseconds();
        boolean dirty = false;
        while (true) {
            PendingAppend first = spinForAppend();
            try {
                if (first == null) {
                    first = time.poll(queue, closed ? 0 : options.fsyncOnWrite() ? 50 : Math.max(1,
                            options.flushIntervalMs()), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == WAKE_UP) {
                first = null;
            }
            if (first == null) {
                if (dirty && failure == null) {
                    dirty = !syncQuietly();
                    lastSync = time.nanoseconds();
                }
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            group.add(first);
            queue.drainTo(group);
            group.removeIf(p -> p == WAKE_UP);
            try {
                List<WalPosition> positions = writeGroup(group);
                if (options.fsyncOnWrite()) {
                    active.force();
                    syncs.incrementAndGet();
                } else {
                    dirty = true;
                    if (time.nanoseconds() - lastSync >= TimeUnit.MILLISECONDS.toNanos(options.flushIntervalMs())) {
                        active.force();
                        syncs.incrementAndGet();
                        dirty = false;
                        lastSync = time.nanoseconds();
                    }
                }
                complete(group, positions);
            } catch (IOException | RuntimeException e) {
                fail(e, group);
            }
            group.clear();
        }
    }

    /**
     * Checks the queue for a few microseconds before the writer parks: under steady load the next
     * append arrives within that time, and waking a parked writer costs more than the wait.
     */
    private PendingAppend spinForAppend() {
        for (int i = 0; i < WRITER_SPINS; i++) {
            PendingAppend p = queue.poll();
            if (p != null) {
                return p;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /** Writes a group's frames, rolling to a new segment when one is full; positions are assigned here. */
    private List<WalPosition> writeGroup(List<PendingAppend> group) throws IOException {
        List<WalPosition> positions = new ArrayList<>(group.size());
        for (PendingAppend p : group) {
            int frame = p.frameSize();
            if (active.size() + writeBuffer.position() > 0
                    && active.size() + writeBuffer.position() + frame > options.segmentSizeBytes()) {
                roll();
            }
            long offset = active.endOffset() + writeBuffer.position();
            if (frame > writeBuffer.remaining()) {
                flushBuffer();
            }
            if (frame > writeBuffer.capacity()) {
                ByteBuffer header = ByteBuffer.allocate(WalFrame.HEADER_SIZE);
                WalFrame.writeHeader(header, p.payload().remaining(), p.crc());
                active.append(header.flip(), p.payload().duplicate());
            } else {
                WalFrame.writeHeader(writeBuffer, p.payload().remaining(), p.crc());
                writeBuffer.put(p.payload().duplicate());
            }
            positions.add(new WalPosition(offset, p.payload().remaining()));
        }
        flushBuffer();
        return positions;
    }

    private void complete(List<PendingAppend> group, List<WalPosition> positions) {
        long written = 0;
        for (PendingAppend p : group) {
            written += p.frameSize();
            bytesAppended.addAndGet(p.payload().remaining());
        }
        appends.addAndGet(group.size());
        spaceLock.lock();
        try {
            reservedBytes -= written;
            endOffset = active.endOffset();
        } finally {
            spaceLock.unlock();
        }
        // Completions run on this thread, in WAL order, so callbacks must be short: the partition
        // log's index update is; callers hand anything longer to their own executor (*Async).
        // (A separate completion thread was measured: one more hand-off per append cost more
        // latency at low concurrency than it saved at high.)
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(positions.get(i));
        }
    }

    private void flushBuffer() throws IOException {
        if (writeBuffer.position() > 0) {
            writeBuffer.flip();
            active.append(writeBuffer);
            writeBuffer.clear();
        }
    }

    /** Seals the active segment (synced, whatever the fsync policy) and opens the next one. */
    private void roll() throws IOException {
        flushBuffer();
        active.force();
        syncs.incrementAndGet();
        WalSegment next = WalSegment.create(options.directory(), active.endOffset());
        WalCheckpoint.syncDirectory(options.directory());
        segments.put(next.baseOffset(), next);
        active = next;
    }

    private boolean syncQuietly() {
        try {
            active.force();
            syncs.incrementAndGet();
            return true;
        } catch (IOException e) {
            fail(e, List.of());
            return false;
        }
    }

    /** After a write error nothing more is accepted: later entries could otherwise follow a hole. */
    private void fail(Exception e, List<PendingAppend> group) {
        WalStorageException error = new WalStorageException("WAL write failed in " + options.directory() + ": "
                + e.getMessage() + "; the WAL accepts no more appends until the broker restarts", e);
        if (failure == null) {
            failure = error;
            LOG.log(Level.SEVERE, error.getMessage(), e);
        }
        for (PendingAppend p : group) {
            p.result().completeExceptionally(failure);
        }
        drainQueue(failure);
    }

    private void drainQueue(WalStorageException error) {
        List<PendingAppend> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (PendingAppend p : rest) {
            if (p != WAKE_UP) {
                p.result().completeExceptionally(error);
            }
        }
    }

    @Override
    public ByteBuffer read(WalPosition position) {
        if (position.offset() < startOffset) {
            throw new WalStorageException("WAL offset " + position.offset() + " was trimmed (WAL starts at "
                    + startOffset + ")");
        }
        Map.Entry<Long, WalSegment> entry = segments.floorEntry(position.offset());
        if (entry == null) {
            throw new WalStorageException("no WAL segment holds offset " + position.offset());
        }
        try {
            long filePosition = position.offset() - entry.getKey() + WalFrame.HEADER_SIZE;
            ByteBuffer payload = entry.getValue().read(filePosition, position.size());
            if (payload.remaining() != position.size()) {
                throw new WalStorageException("WAL entry at " + position.offset() + " is shorter than expected");
            }
            return payload;
        } catch (IOException e) {
            throw new WalStorageException("cannot read WAL offset " + position.offset() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void trim(long offset) {
        synchronized (trimLock) {
            trimTo(offset);
        }
    }

    private void trimTo(long offset) {
        if (offset <= startOffset) {
            return;
        }
        if (offset > endOffset) {
            throw new IllegalArgumentException("cannot trim to " + offset + " past the WAL end " + endOffset);
        }
        try {
            WalCheckpoint.write(options.directory(), offset);
        } catch (IOException e) {
            throw new WalStorageException("cannot write the WAL checkpoint: " + e.getMessage(), e);
        }
        spaceLock.lock();
        try {
            startOffset = offset;
            spaceFreed.signalAll();
        } finally {
            spaceLock.unlock();
        }
        // Whole segments before the checkpoint go; the active one always stays.
        for (Map.Entry<Long, WalSegment> e : segments.headMap(offset, true).entrySet()) {
            Map.Entry<Long, WalSegment> next = segments.higherEntry(e.getKey());
            if (next != null && next.getKey() <= offset) {
                try {
                    segments.remove(e.getKey());
                    e.getValue().delete();
                } catch (IOException ex) {
                    LOG.log(Level.WARNING, "cannot delete trimmed WAL segment " + e.getValue().path(), ex);
                }
            }
        }
    }

    @Override
    public long startOffset() {
        return startOffset;
    }

    @Override
    public long endOffset() {
        return endOffset;
    }

    @Override
    public long capacityBytes() {
        return options.capacityBytes();
    }

    @Override
    public boolean isHealthy() {
        return failure == null && !closed;
    }

    @Override
    public WalStats stats() {
        return new WalStats(appends.get(), bytesAppended.get(), syncs.get(), sizeBytes());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Wake appends waiting for space (they fail: the WAL is closed) and the writer.
        spaceLock.lock();
        try {
            spaceFreed.signalAll();
        } finally {
            spaceLock.unlock();
        }
        if (writer != null) {
            queue.add(WAKE_UP);
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drainQueue(new WalStorageException("the WAL is closed"));
        for (WalSegment s : segments.values()) {
            try {
                if (s == active && failure == null) {
                    s.force();
                }
                s.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing WAL segment " + s.path(), e);
            }
        }
    }
}
