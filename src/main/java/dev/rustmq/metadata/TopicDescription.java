package dev.rustmq.metadata;

import java.util.List;

/** A topic with its partitions, as the admin API describes it. */
public record TopicDescription(TopicMetadata topic, List<PartitionMetadata> partitions) {
}
