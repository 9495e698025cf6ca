package dev.rustmq.node;

import dev.rustmq.metadata.PartitionHealth;

/**
 * What the node's checks, figures and cluster API read of the controller: the local one
 * ({@link ControllerServices}) on a controller or combined node, the active one over RPC
 * ({@link RemoteClusterView}) on a broker.
 */
interface ClusterView {

    /** Readiness: the metadata can be read now. */
    CheckResult checkMetadataStore();

    int topicCount();

    int partitionCount();

    int brokerCount();

    int liveBrokerCount();

    /** Offline, under-replicated and in-sync counts over every partition. */
    PartitionHealth partitionHealth();

    /** True when this node runs the active controller. */
    boolean isActiveController();

    /** Leader changes this node's controller made while it was active. */
    long leaderElections();

    /** Partition moves this node's controller completed while it was active (0 on a node without one). */
    default long partitionMoves() {
        return 0;
    }

    /** Moves this node's auto-balancer planned while its controller was active (0 on a node without one). */
    default long autobalancerMoves() {
        return 0;
    }
}
