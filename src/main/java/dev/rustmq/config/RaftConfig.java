package dev.rustmq.config;

import java.util.List;

/**
 * {@code [raft]}: the controllers' metadata cluster (docs/cluster.md).
 *
 * @param peers     the controllers as {@code id@host:port} (their {@code raft_listen}); found by TCPPING
 * @param discovery {@code static} (the peers) or {@code dns} (DNS_PING on {@code dnsQuery}, a Kubernetes
 *                  headless Service)
 * @param voters    how many controllers make the cluster; a majority of them must be connected
 */
public record RaftConfig(List<String> peers, String discovery, String dnsQuery, int voters) {
    public RaftConfig {
        peers = List.copyOf(peers);
    }

    /** One controller with no peers: the embedded default. */
    public RaftConfig(List<String> peers) {
        this(peers, "static", "", Math.max(1, peers.size()));
    }

    /** True when metadata is replicated between several controllers. */
    public boolean replicated() {
        return voters > 1;
    }

    /** The peer ids, in order. */
    public List<String> peerIds() {
        return peers.stream().map(p -> p.substring(0, p.indexOf('@'))).toList();
    }

    /** The peers' addresses ({@code host:port}), in order. */
    public List<HostPort> peerAddresses() {
        return peers.stream().map(p -> HostPort.parse(p.substring(p.indexOf('@') + 1))).toList();
    }
}
