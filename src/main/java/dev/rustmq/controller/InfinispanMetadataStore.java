package dev.rustmq.controller;

import dev.rustmq.common.Time;
import dev.rustmq.metadata.MetadataStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.conflict.MergePolicy;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.partitionhandling.PartitionHandling;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.JChannel;

/**
 * Controller metadata in embedded Infinispan (docs/cluster.md). Each controller keeps its caches
 * persisted by a SoftIndexFileStore under one folder, with synchronous writes, so metadata
 * survives a restart or a SIGKILL. One controller: LOCAL caches. Several: REPL_SYNC caches over
 * a JGroups TCP channel, so a write returns only once every controller in the view holds it, with
 * partition handling DENY_READ_WRITES (a minority's caches refuse reads and writes; Infinispan's
 * default would let it write) and, when a split heals, the majority's entries win: by Infinispan's
 * conflict resolution, and by {@link MergeRepair} where that failed.
 */
public final class InfinispanMetadataStore extends KeyValueMetadataStore {
    private static final List<String> CACHES = List.of("topics", "partitions", "brokers", "cluster", "manifests");

    private final DefaultCacheManager manager;
    /** Null for a single controller (LOCAL caches never merge). */
    private final MergeRepair mergeRepair;

    private InfinispanMetadataStore(DefaultCacheManager manager, List<ConcurrentMap<String, String>> maps,
                                    ControllerQuorum quorum, MergeRepair mergeRepair) {
        super(maps.get(0), maps.get(1), maps.get(2), maps.get(3), maps.get(4), quorum);
        this.manager = manager;
        this.mergeRepair = mergeRepair;
    }

    /** Opens (or creates) the metadata of a single controller {@code nodeId}, kept under {@code folder}. */
    public static InfinispanMetadataStore open(Path folder, String nodeId) {
        return open(folder, null, nodeId, 1, Time.SYSTEM);
    }

    /**
     * Opens this controller's replica of the cluster's metadata, kept under {@code folder}, joining the
     * others over {@code channel} ({@link JGroupsChannels#create}). Returns at once: metadata is
     * served once a majority of {@code voters} is connected ({@link #quorum()}). {@code time} paces
     * the repair after a merge ({@link MergeRepair}).
     */
    public static InfinispanMetadataStore openReplicated(Path folder, JChannel channel, String nodeId, int voters,
                                                         Time time) {
        return open(folder, channel, nodeId, voters, time);
    }

    private static InfinispanMetadataStore open(Path folder, JChannel channel, String nodeId, int voters, Time time) {
        DefaultCacheManager manager = null;
        MergeRepair mergeRepair = null;
        try {
            Files.createDirectories(folder);
            Path location = folder.toAbsolutePath();
            GlobalConfigurationBuilder global = channel == null ? new GlobalConfigurationBuilder().nonClusteredDefault()
                    : GlobalConfigurationBuilder.defaultClusteredBuilder();
            // Inside Liberty the thread context loader is not the application's.
            global.classLoader(InfinispanMetadataStore.class.getClassLoader());
            global.cacheManagerName("rustmq-metadata");
            global.globalState().enable().persistentLocation(location.toString());
            global.jmx().disable();
            if (channel != null) {
                global.transport().clusterName("rustmq-controllers").nodeName(nodeId)
                        .addProperty(JGroupsTransport.CHANNEL_CONFIGURATOR, new PrebuiltChannel(channel));
            }
            manager = new DefaultCacheManager(global.build());
            List<Cache<String, String>> caches = new ArrayList<>();
            for (String name : CACHES) {
                manager.defineConfiguration(name, cacheConfiguration(location, name, channel != null));
                caches.add(manager.getCache(name));
            }
            ControllerQuorum quorum = new InfinispanQuorum(manager, caches, nodeId, voters);
            // Replicated caches delete by tombstone, so a controller that was away cannot bring a deleted key back.
            List<ConcurrentMap<String, String>> maps = caches.stream()
                    .map(c -> channel == null ? (ConcurrentMap<String, String>) c : new TombstoneMap(c)).toList();
            if (channel != null) {
                mergeRepair = new MergeRepair(manager, caches, time).start();
            }
            InfinispanMetadataStore store = new InfinispanMetadataStore(manager, maps, quorum, mergeRepair);
            store.initialise();
            return store;
        } catch (Exception e) {
            if (mergeRepair != null) {
                mergeRepair.close();
            }
            if (manager != null) {
                manager.stop();
            } else if (channel != null) {
                channel.close();
            }
            throw new MetadataStoreException("cannot open controller metadata in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Configuration cacheConfiguration(Path location, String name, boolean replicated) {
        ConfigurationBuilder builder = new ConfigurationBuilder();
        if (replicated) {
            builder.clustering().cacheMode(CacheMode.REPL_SYNC)
                    .partitionHandling().whenSplit(PartitionHandling.DENY_READ_WRITES)
                    .mergePolicy(MergePolicy.PREFERRED_ALWAYS);
        } else {
            builder.clustering().cacheMode(CacheMode.LOCAL);
        }
        builder.persistence()
                .addSoftIndexFileStore()
                // Both folders must lie under the global persistent location (else ISPN000558).
                .dataLocation(location.resolve(name).resolve("data").toString())
                .indexLocation(location.resolve(name).resolve("index").toString())
                .syncWrites(true)
                .preload(true)
                .purgeOnStartup(false);
        return builder.build();
    }

    /** The cache {@code name} as Infinispan holds it, tombstones included (for tests). */
    Cache<String, String> rawCache(String name) {
        return manager.getCache(name);
    }

    @Override
    public void close() {
        if (mergeRepair != null) {
            mergeRepair.close();
        }
        manager.stop();
    }
}
