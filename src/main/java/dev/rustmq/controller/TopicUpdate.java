package dev.rustmq.controller;

import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;

/**
 * A change to a topic ({@code PUT /api/v1/topics/{name}}); {@code null} fields stay as they are.
 * Partitions can only be added; configs are merged, and a config mapped to {@code null} is removed.
 */
public record TopicUpdate(Integer partitionCount, Integer replicationFactor, RetentionPolicy retentionPolicy,
                          CompressionType compression, List<String> etlModules, Map<String, String> configs) {
}
