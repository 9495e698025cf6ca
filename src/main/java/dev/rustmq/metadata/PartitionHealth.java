package dev.rustmq.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Counts over the cluster's partitions for its health gauges (docs/metrics.md): how many have no
 * leader (offline), how many have fewer in-sync replicas than replicas (under-replicated), and how
 * many in-sync replicas there are in all (the seed's {@code in_sync_replicas_count}).
 */
public record PartitionHealth(int partitions, int offline, int underReplicated, int inSyncReplicas) {
    public static final PartitionHealth NONE = new PartitionHealth(0, 0, 0, 0);

    /** Over every partition of every topic {@code metadata} holds. */
    public static PartitionHealth of(StorageMetadata metadata) {
        List<PartitionMetadata> all = new ArrayList<>();
        for (TopicMetadata topic : metadata.topics()) {
            all.addAll(metadata.partitions(topic.name()));
        }
        return of(all);
    }

    public static PartitionHealth of(Collection<PartitionMetadata> partitions) {
        int offline = 0;
        int under = 0;
        int inSync = 0;
        for (PartitionMetadata p : partitions) {
            offline += p.hasLeader() ? 0 : 1;
            under += p.isr().size() < p.replicas().size() ? 1 : 0;
            inSync += p.isr().size();
        }
        return new PartitionHealth(partitions.size(), offline, under, inSync);
    }
}
