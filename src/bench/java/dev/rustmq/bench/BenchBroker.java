package dev.rustmq.bench;

import dev.rustmq.common.Time;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.log.LogManager;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.tier.TierOptions;
import dev.rustmq.storage.tier.TieredStorage;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;

/**
 * A broker's storage, wired as {@code RustMqNode} wires it: a file WAL with fsync on write, the
 * write and read caches, tiered storage on {@code store} with its manifests in {@code metadata},
 * and the partition logs over them. Tiering starts only when {@link #startTiering} is called, so a
 * backlog can be built first.
 */
final class BenchBroker implements AutoCloseable {
    final TieredStorage tier;
    final LogManager logs;
    private boolean tiering;

    BenchBroker(WalOptions wal, ObjectStore store, MetadataStore metadata, TierOptions options, long writeCacheBytes,
                long readCacheBytes) {
        WriteCache writeCache = new WriteCache(writeCacheBytes);
        ReadCache readCache = new ReadCache(readCacheBytes);
        tier = new TieredStorage(store, metadata, writeCache, readCache, options, Time.SYSTEM);
        try {
            logs = LogManager.open(new FileWriteAheadLog(wal), writeCache, readCache, tier, 30_000);
        } catch (RuntimeException e) {
            tier.close();
            throw e;
        }
    }

    void startTiering() {
        if (!tiering) {
            tiering = true;
            tier.start(logs);
        }
    }

    @Override
    public void close() {
        tier.close();
        logs.close();
    }
}
