package dev.rustmq.metadata;

import java.util.Collection;

/**
 * Counts over the cluster's partitions for its health gauges (docs/metrics.md): how many have no
 * leader (offline), how many have fewer in-sync replicas than replicas (under-replicated), and how
 * many in-sync replicas there are in all (the seed's {@code in_sync_replicas_count}).
 */
public record PartitionHealth(int partitions, int offline, int underReplicated, int inSyncReplicas) {
    public static final PartitionHealth NONE = new PartitionHealth(0, 0, 0, 0);

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
