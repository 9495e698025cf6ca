package dev.rustmq.metadata;

/**
 * The narrow port through which a broker joins the cluster and stays live: it registers once,
 * then heartbeats. The controller's broker registry implements it; a broker without a local
 * controller reaches the active one over RPC behind the same port (docs/cluster.md).
 */
public interface BrokerRegistration {

    /** Registers a broker, or refreshes its registration (a restart keeps its first registration time). */
    BrokerMetadata register(String id, String rackId, String quicEndpoint, String rpcEndpoint);

    /** Records a heartbeat and the load the broker reports with it; false when the broker is not registered (it must register again). */
    boolean heartbeat(String id, BrokerLoad load);
}
