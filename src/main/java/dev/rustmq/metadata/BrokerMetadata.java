package dev.rustmq.metadata;

/**
 * A registered broker: identity, rack, endpoints, when it last proved it was alive, the load it
 * reported then, and its incarnation (a random id each process start registers with: a new one
 * means the broker restarted, maybe with an empty disk; docs/cluster.md, "Brokers").
 */
public record BrokerMetadata(String id, String rackId, String quicEndpoint, String rpcEndpoint, long registeredAtMs,
                             long lastHeartbeatMs, BrokerLoad load, String incarnation) {
    public BrokerMetadata {
        load = load == null ? BrokerLoad.UNKNOWN : load;
        incarnation = incarnation == null ? "" : incarnation;
    }

    public BrokerMetadata(String id, String rackId, String quicEndpoint, String rpcEndpoint, long registeredAtMs,
                          long lastHeartbeatMs, BrokerLoad load) {
        this(id, rackId, quicEndpoint, rpcEndpoint, registeredAtMs, lastHeartbeatMs, load, "");
    }

    /** A broker that has reported no load yet. */
    public BrokerMetadata(String id, String rackId, String quicEndpoint, String rpcEndpoint, long registeredAtMs,
                          long lastHeartbeatMs) {
        this(id, rackId, quicEndpoint, rpcEndpoint, registeredAtMs, lastHeartbeatMs, BrokerLoad.UNKNOWN, "");
    }

    /**
     * The int32 id clients see in METADATA for a broker id: the number itself when the id is a
     * non-negative number, else a hash of the name. Two ids with one numeric id cannot both
     * register (the controller refuses the second).
     */
    public static int numericId(String brokerId) {
        try {
            int n = Integer.parseInt(brokerId);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // a name: hash below
        }
        return brokerId.hashCode() & 0x7FFF_FFFF;
    }

    public BrokerMetadata withHeartbeat(long nowMs, BrokerLoad reported) {
        return new BrokerMetadata(id, rackId, quicEndpoint, rpcEndpoint, registeredAtMs, nowMs, reported, incarnation);
    }
}
