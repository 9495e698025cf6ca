package dev.rustmq.node;

import dev.rustmq.common.Time;
import dev.rustmq.config.ControllerConfig;
import dev.rustmq.config.HostNames;
import dev.rustmq.config.HostPort;
import dev.rustmq.config.RaftConfig;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.controller.InfinispanMetadataStore;
import dev.rustmq.controller.JGroupsChannels;
import dev.rustmq.controller.MetadataClusterSpec;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metadata.MetadataStoreException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Opens the controller's metadata store from the configuration: LOCAL Infinispan caches for one
 * controller, caches replicated over JGroups between the {@code [raft]} voters otherwise
 * (docs/cluster.md).
 */
final class MetadataStores {
    private MetadataStores() {
    }

    static MetadataStore open(RustMqConfig config, Time time) {
        ControllerConfig controller = config.controller();
        RaftConfig raft = config.raft();
        if (!raft.replicated()) {
            return InfinispanMetadataStore.open(config.metastore().path(), controller.nodeId());
        }
        MetadataClusterSpec spec = spec(controller, raft);
        try {
            return InfinispanMetadataStore.openReplicated(config.metastore().path(), JGroupsChannels.create(spec),
                    controller.nodeId(), raft.voters(), time);
        } catch (MetadataStoreException e) {
            throw e;
        } catch (Exception e) {
            throw new MetadataStoreException("cannot start the controllers' JGroups channel on [controller] raft_listen "
                    + controller.raftListen() + ": " + e.getMessage(), e);
        }
    }

    /** The JGroups side of this controller: where it listens, what it advertises, how it finds the others. */
    static MetadataClusterSpec spec(ControllerConfig controller, RaftConfig raft) {
        HostPort listen = controller.raftListen();
        boolean advertise = controller.advertisedHost() != null || HostNames.isWildcard(listen.host());
        List<InetSocketAddress> peers = raft.discovery().equals("dns") ? List.of()
                : raft.peerAddresses().stream().map(p -> InetSocketAddress.createUnresolved(p.host(), p.port())).toList();
        return new MetadataClusterSpec(controller.nodeId(), listen.host(), listen.port(),
                advertise ? controller.reachableHost() : null, peers,
                raft.discovery().equals("dns") ? raft.dnsQuery() : null, raft.voters(), controller.electionTimeoutMs());
    }
}
