package dev.rustmq.metadata;

/**
 * The narrow port through which a broker joins the cluster and stays live: it registers once,
 * then heartbeats. The controller's broker registry implements it; a broker without a local
 * controller reaches the active one over RPC behind the same port (docs/cluster.md).
 */
public interface BrokerRegistration {

    /**
     * Registers a broker, or refreshes its registration (a restart keeps its first registration
     * time). {@code incarnation} is new with every start of the broker's process: a new one takes the
     * broker out of every in-sync set (and its leaderships to another in-sync replica) before this
     * returns, since its disk may have been wiped; it joins again by catching up.
     */
    BrokerMetadata register(String id, String rackId, String quicEndpoint, String rpcEndpoint, String incarnation);

    /** Records a heartbeat and the load the broker reports with it; false when the broker is not registered (it must register again). */
    boolean heartbeat(String id, BrokerLoad load);
}
