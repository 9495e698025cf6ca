package dev.rustmq.controller;

import dev.rustmq.metadata.MetadataStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.partitionhandling.AvailabilityMode;

/**
 * Controller metadata in embedded Infinispan: LOCAL caches persisted by a SoftIndexFileStore
 * under one folder, with synchronous writes, so metadata survives a restart or a SIGKILL.
 * (The clustered mode replaces the cache mode and adds JGroups; the maps stay the same.)
 */
public final class InfinispanMetadataStore extends KeyValueMetadataStore {
    private static final List<String> CACHES = List.of("topics", "partitions", "brokers", "cluster", "manifests");

    private final DefaultCacheManager manager;
    private final List<Cache<String, String>> caches;

    private InfinispanMetadataStore(DefaultCacheManager manager, List<Cache<String, String>> caches) {
        super(caches.get(0), caches.get(1), caches.get(2), caches.get(3), caches.get(4));
        this.manager = manager;
        this.caches = caches;
    }

    /** Opens (or creates) the metadata kept under {@code folder}. */
    public static InfinispanMetadataStore open(Path folder) {
        DefaultCacheManager manager = null;
        try {
            Files.createDirectories(folder);
            Path location = folder.toAbsolutePath();
            GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().nonClusteredDefault();
            // Inside Liberty the thread context loader is not the application's.
            global.classLoader(InfinispanMetadataStore.class.getClassLoader());
            global.cacheManagerName("rustmq-metadata");
            global.globalState().enable().persistentLocation(location.toString());
            global.jmx().disable();
            manager = new DefaultCacheManager(global.build());
            List<Cache<String, String>> caches = new java.util.ArrayList<>();
            for (String name : CACHES) {
                manager.defineConfiguration(name, cacheConfiguration(location, name));
                caches.add(manager.getCache(name));
            }
            InfinispanMetadataStore store = new InfinispanMetadataStore(manager, caches);
            store.initialise();
            return store;
        } catch (Exception e) {
            if (manager != null) {
                manager.stop();
            }
            throw new MetadataStoreException("cannot open controller metadata in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Configuration cacheConfiguration(Path location, String name) {
        ConfigurationBuilder builder = new ConfigurationBuilder();
        builder.clustering().cacheMode(CacheMode.LOCAL);
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

    @Override
    public boolean isAvailable() {
        if (manager.getStatus() != ComponentStatus.RUNNING) {
            return false;
        }
        for (Cache<String, String> cache : caches) {
            if (cache.getStatus() != ComponentStatus.RUNNING
                    || cache.getAdvancedCache().getAvailability() != AvailabilityMode.AVAILABLE) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        manager.stop();
    }
}
