package dev.rustmq.storage.log;

import dev.rustmq.common.Time;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.storage.cache.CacheStats;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.WalPosition;
import dev.rustmq.storage.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A broker's partition logs over its one WAL and two caches. Opening it replays the WAL and
 * rebuilds every partition's index, so offsets continue where the acknowledged data ended.
 */
public final class LogManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogManager.class.getName());

    private final WriteAheadLog wal;
    private final WriteCache writeCache;
    private final ReadCache readCache;
    private final RemoteLog remote;
    private final long appendTimeoutMs;
    private final Time time;
    private final WalRoomWaiter roomWaiter;
    private final Map<TopicPartition, PartitionLog> partitions = new ConcurrentHashMap<>();
    private final List<Consumer<TopicPartition>> appendListeners = new CopyOnWriteArrayList<>();

    private LogManager(WriteAheadLog wal, WriteCache writeCache, ReadCache readCache, RemoteLog remote,
                       long appendTimeoutMs, Time time) {
        this.time = time;
        this.roomWaiter = new WalRoomWaiter(time);
        this.wal = wal;
        this.writeCache = writeCache;
        this.readCache = readCache;
        this.remote = remote;
        this.appendTimeoutMs = appendTimeoutMs;
    }

    /** Recovers {@code wal} and rebuilds the partition logs it holds; appends wait for room on the system clock. */
    public static LogManager open(WriteAheadLog wal, WriteCache writeCache, ReadCache readCache, long appendTimeoutMs) {
        return open(wal, writeCache, readCache, RemoteLog.NONE, appendTimeoutMs);
    }

    /** As {@link #open(WriteAheadLog, WriteCache, ReadCache, RemoteLog, long, Time)} on the system clock. */
    public static LogManager open(WriteAheadLog wal, WriteCache writeCache, ReadCache readCache, RemoteLog remote,
                                  long appendTimeoutMs) {
        return open(wal, writeCache, readCache, remote, appendTimeoutMs, Time.SYSTEM);
    }

    /**
     * Recovers {@code wal} and rebuilds the partition logs: each starts from what object storage
     * holds of it ({@code remote}) and continues with what the WAL replays. Partitions only in
     * object storage (a broker whose disk was wiped) are opened too. An append that finds the WAL
     * full waits up to {@code appendTimeoutMs} on {@code time} for room.
     */
    public static LogManager open(WriteAheadLog wal, WriteCache writeCache, ReadCache readCache, RemoteLog remote,
                                  long appendTimeoutMs, Time time) {
        LogManager logs = new LogManager(wal, writeCache, readCache, remote, appendTimeoutMs, time);
        wal.recover(logs::replay);
        int fromWal = logs.partitions.size();
        for (TopicPartition tp : remote.partitions()) {
            logs.partitionLog(tp);
        }
        LOG.info(() -> "storage recovered " + fromWal + " partitions from the WAL (" + wal.sizeBytes() + " bytes), "
                + (logs.partitions.size() - fromWal) + " more only from object storage");
        return logs;
    }

    private void replay(WalPosition position, ByteBuffer payload) {
        WalEntryCodec.Entry entry = WalEntryCodec.decode(payload);
        if (entry.type() == WalEntryCodec.PARTITION_DELETED) {
            partitions.remove(entry.partition());
            return;
        }
        if (entry.type() == WalEntryCodec.TRUNCATED) {
            partitionLog(entry.partition()).recoverTruncation(entry.truncatedTo());
            return;
        }
        try {
            partitionLog(entry.partition()).recover(position, payload, entry.batchPosition());
        } catch (RuntimeException e) {
            // A batch that does not follow its partition's last offset is not served.
            LOG.log(Level.SEVERE, "WAL entry at " + position.offset() + " for " + entry.partition()
                    + " cannot be replayed: " + e.getMessage(), e);
        }
    }

    public CompletableFuture<LogAppendResult> append(TopicPartition partition, ByteBuffer batch, int leaderEpoch) {
        return partitionLog(partition).append(batch, leaderEpoch);
    }

    public LogReadResult read(TopicPartition partition, long offset, int maxBytes) {
        return partition(partition).orElseThrow(() -> new RustMqException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                "this broker holds no data for " + partition)).read(offset, maxBytes);
    }

    public Optional<PartitionLog> partition(TopicPartition partition) {
        return Optional.ofNullable(partitions.get(partition));
    }

    /** The partition's log, created empty on first use. */
    public PartitionLog partitionLog(TopicPartition partition) {
        return partitions.computeIfAbsent(partition,
                tp -> new PartitionLog(tp, wal, writeCache, readCache, remote, appendTimeoutMs, time, roomWaiter,
                        this::notifyAppended));
    }

    /** Forgets a partition's data; the tombstone in the WAL keeps a restart from bringing it back. */
    public CompletableFuture<Void> deletePartition(TopicPartition partition) {
        List<CompletableFuture<WalPosition>> tombstone = new ArrayList<>(1);
        // Inside compute: no new log for this partition can start until the tombstone is queued,
        // so a re-created partition's batches follow the tombstone in the WAL.
        partitions.compute(partition, (tp, log) -> {
            if (log != null) {
                log.markDeleted();
            }
            remote.partitionDeleted(tp);
            tombstone.add(wal.append(WalEntryCodec.partitionDeleted(tp), appendTimeoutMs));
            return null;
        });
        writeCache.removePartition(partition);
        readCache.removePartition(partition);
        return tombstone.get(0).thenApply(p -> null);
    }

    /**
     * Calls {@code listener} whenever new data of a partition becomes readable. It runs on the WAL
     * writer thread, so it must only hand work off (long-polling fetches use it to wake up).
     */
    public void addAppendListener(Consumer<TopicPartition> listener) {
        appendListeners.add(listener);
    }

    private void notifyAppended(TopicPartition partition) {
        for (Consumer<TopicPartition> listener : appendListeners) {
            try {
                listener.accept(partition);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "append listener failed for " + partition, e);
            }
        }
    }

    /** Every partition log open now (a snapshot; the uploader and the WAL trim walk it). */
    public List<PartitionLog> partitionLogs() {
        return List.copyOf(partitions.values());
    }

    /** Whether a read of {@code offset} would go to object storage (callers move it off event loops). */
    public boolean isRemoteRead(TopicPartition partition, long offset) {
        PartitionLog log = partitions.get(partition);
        return log != null && log.isRemote(offset);
    }

    public int partitionCount() {
        return partitions.size();
    }

    public WriteAheadLog wal() {
        return wal;
    }

    public CacheStats writeCacheStats() {
        return writeCache.stats();
    }

    public CacheStats readCacheStats() {
        return readCache.stats();
    }

    /** Reads served from memory over all reads: write-cache hits plus read-cache hits over lookups. */
    public double cacheHitRatio() {
        CacheStats w = writeCache.stats();
        CacheStats r = readCache.stats();
        long served = w.hits() + r.hits();
        long lookups = served + r.misses();
        return lookups == 0 ? 0.0 : (double) served / lookups;
    }

    @Override
    public void close() {
        roomWaiter.close();
        wal.close();
    }
}
