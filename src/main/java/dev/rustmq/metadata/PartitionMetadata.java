package dev.rustmq.metadata;

import java.util.List;

/**
 * One partition's placement: its leader, replica list, in-sync replicas and leader epoch. The
 * epoch only ever changes by compare-and-set (the controller's {@code MetadataStore.replacePartition}).
 */
public record PartitionMetadata(String topic, int partition, String leader, List<String> replicas, List<String> isr,
                                int leaderEpoch) {
    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
