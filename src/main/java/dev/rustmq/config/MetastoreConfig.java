package dev.rustmq.config;

import java.nio.file.Path;

/** {@code [metastore]}: where controller metadata lives (embedded Infinispan, persisted under {@code path}). */
public record MetastoreConfig(String type, Path path) {
}
