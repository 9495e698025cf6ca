package dev.rustmq.config;

/** {@code [replication]}: acknowledgement rules for {@code acks=all}. */
public record ReplicationConfig(int minInSyncReplicas, long ackTimeoutMs, long maxReplicationLag) {
}
