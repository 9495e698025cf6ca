package dev.rustmq.storage.wal;

import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.errors.WalStorageException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One broker's write-ahead log, shared by all its partitions: the durability point. Entries are
 * opaque payloads; the partition log decides what they mean.
 *
 * <p>Life cycle: construct, {@link #recover} once (replays what survived, in order, and repairs a
 * torn tail), then {@link #append}, {@link #read} and {@link #trim} from any thread.
 */
public interface WriteAheadLog extends AutoCloseable {

    /**
     * Replays every entry between the checkpoint and the end, in append order, and makes the log
     * ready for appends. Replay stops at the first torn or corrupt entry; nothing after it is
     * replayed or kept as valid.
     */
    void recover(BiConsumer<WalPosition, ByteBuffer> consumer);

    /**
     * Appends one entry. The future completes with its position once the entry is durable (after
     * an fdatasync that covers it, when fsync on write is on) or written to the file (otherwise).
     * When the log is full it waits up to {@code timeoutMs} for {@link #trim} to free space, then
     * fails with {@link WalFullException}; an I/O failure fails it with {@link WalStorageException}.
     * The WAL reads {@code payload} (its remaining bytes) until the future completes: do not change it.
     * Futures complete on the WAL's writer thread in append order: keep dependent actions short, or
     * use the {@code *Async} forms with an executor of your own.
     */
    CompletableFuture<WalPosition> append(ByteBuffer payload, long timeoutMs);

    /**
     * Whether {@link #append} waits for room (and so {@link #awaitRoom} can); the in-memory log
     * does not: a full append fails at once.
     */
    default boolean waitsForRoom() {
        return false;
    }

    /**
     * Blocks until an entry of {@code payloadBytes} fits (another append may take the room
     * first), the log closes, or {@code timeoutMs} passes. Lets a caller append with no wait
     * ({@code timeoutMs} 0) and do its waiting elsewhere: on a thread of its own rather than a
     * transport event loop. Only for a log that {@link #waitsForRoom}.
     */
    default void awaitRoom(int payloadBytes, long timeoutMs) throws InterruptedException {
        throw new IllegalStateException("this WAL fails a full append at once and never waits for room; "
                + "callers check waitsForRoom() first");
    }

    /** The payload of an appended entry; a trimmed position fails with {@link WalStorageException}. */
    ByteBuffer read(WalPosition position);

    /** Releases everything before {@code offset} (its data is safe elsewhere) and checkpoints it. */
    void trim(long offset);

    /** The first offset still held (the checkpoint). */
    long startOffset();

    /** The offset the next entry will get. */
    long endOffset();

    /** Bytes held: from the checkpoint to the end, the figure {@code capacityBytes} bounds. */
    default long sizeBytes() {
        return endOffset() - startOffset();
    }

    long capacityBytes();

    /** False once a write has failed: the WAL then refuses appends until the broker restarts. */
    boolean isHealthy();

    WalStats stats();

    @Override
    void close();
}
