package dev.rustmq.config;

import java.util.List;

/**
 * {@code [controller]}: how brokers reach controllers (endpoints, timeouts) and, on a controller,
 * its own identity and listeners.
 *
 * @param rpcListenSet whether {@code rpc_listen} was given (a combined node opens it only then,
 *                     or when its metadata is replicated)
 */
public record ControllerConfig(List<String> endpoints, long electionTimeoutMs, long heartbeatIntervalMs,
                               String nodeId, HostPort raftListen, HostPort rpcListen, HostPort httpListen,
                               String advertisedHost, boolean rpcListenSet) {

    /** Without an advertised host (the listeners' own hosts are reachable), rpc_listen left at its default. */
    public ControllerConfig(List<String> endpoints, long electionTimeoutMs, long heartbeatIntervalMs, String nodeId,
                            HostPort raftListen, HostPort rpcListen, HostPort httpListen) {
        this(endpoints, electionTimeoutMs, heartbeatIntervalMs, nodeId, raftListen, rpcListen, httpListen, null, false);
    }

    /**
     * The host other controllers and brokers reach this controller at: {@code advertised_host} when
     * set, else the {@code raft_listen} host unless it is a wildcard, else this machine's host name.
     */
    public String reachableHost() {
        if (advertisedHost != null && !advertisedHost.isBlank()) {
            return advertisedHost;
        }
        return HostNames.reachable(raftListen.host());
    }
}
