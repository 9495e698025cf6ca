package dev.rustmq.controller;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * How this controller joins the metadata cluster (docs/cluster.md): its id, where JGroups listens
 * ({@code [controller] raft_listen}) and the address it tells the others ({@code advertised_host}
 * when it listens on a wildcard), how it finds them (static {@code [raft] peers} through TCPPING, or
 * a Kubernetes headless Service through DNS_PING), how many voters make the cluster, and how long
 * a silent member may stay in the view ({@code [controller] election_timeout_ms}).
 */
public record MetadataClusterSpec(String nodeName, String bindHost, int bindPort, String externalHost,
                                  List<InetSocketAddress> staticPeers, String dnsQuery, int voters,
                                  long failureTimeoutMs) {
    public MetadataClusterSpec {
        staticPeers = List.copyOf(staticPeers);
        if (voters < 1) {
            throw new IllegalArgumentException("voters must be at least 1");
        }
        if (staticPeers.isEmpty() == (dnsQuery == null || dnsQuery.isBlank())) {
            throw new IllegalArgumentException("give either static peers or a DNS query");
        }
    }

    /** The port FD_SOCK2 listens on for failure detection: one above the JGroups port. */
    public int failureDetectionPort() {
        return bindPort + JGroupsChannels.FAILURE_DETECTION_OFFSET;
    }
}
