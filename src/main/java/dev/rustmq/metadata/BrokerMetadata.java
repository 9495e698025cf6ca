package dev.rustmq.metadata;

/** A registered broker: identity, rack, endpoints and when it last proved it was alive. */
public record BrokerMetadata(String id, String rackId, String quicEndpoint, String rpcEndpoint, long registeredAtMs,
                             long lastHeartbeatMs) {
    public BrokerMetadata withHeartbeat(long nowMs) {
        return new BrokerMetadata(id, rackId, quicEndpoint, rpcEndpoint, registeredAtMs, nowMs);
    }
}
