package dev.rustmq.controller;

import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;

/** What a caller asks for when creating a topic (the seed's {@code POST /api/v1/topics} body). */
public record TopicSpec(String name, int partitionCount, int replicationFactor, RetentionPolicy retentionPolicy,
                        CompressionType compression, List<String> etlModules, Map<String, String> configs) {
    public TopicSpec {
        etlModules = List.copyOf(etlModules);
        configs = Map.copyOf(configs);
    }
}
