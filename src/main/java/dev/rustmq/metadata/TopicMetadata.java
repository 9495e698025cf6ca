package dev.rustmq.metadata;

import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;

/** A topic as the controller stores it. Partitions are stored separately, one entry each. */
public record TopicMetadata(String name, String topicId, int partitionCount, int replicationFactor,
                            RetentionPolicy retentionPolicy, CompressionType compression, List<String> etlModules,
                            Map<String, String> configs, long createdAtMs) {
    public TopicMetadata {
        etlModules = List.copyOf(etlModules);
        configs = Map.copyOf(configs);
    }
}
