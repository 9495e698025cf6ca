package dev.rustmq.controller;

import dev.rustmq.metadata.BrokerMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places partitions on live brokers round-robin, like Kafka's default assignment: partition p's
 * replicas are the {@code replicationFactor} brokers starting at {@code (start + p)}, and the
 * first replica is the preferred leader. A random start spreads leaders across topics.
 */
public final class ReplicaAssigner {
    private ReplicaAssigner() {
    }

    public static List<List<String>> assign(int firstPartition, int partitionCount, int replicationFactor,
                                            List<BrokerMetadata> liveBrokers, int start) {
        List<String> ids = liveBrokers.stream().map(BrokerMetadata::id).sorted(Comparator.naturalOrder()).toList();
        if (ids.size() < replicationFactor) {
            throw new IllegalArgumentException("need " + replicationFactor + " brokers, have " + ids.size());
        }
        List<List<String>> result = new ArrayList<>();
        for (int p = firstPartition; p < firstPartition + partitionCount; p++) {
            List<String> replicas = new ArrayList<>();
            for (int r = 0; r < replicationFactor; r++) {
                replicas.add(ids.get(Math.floorMod(start + p + r, ids.size())));
            }
            result.add(replicas);
        }
        return result;
    }
}
