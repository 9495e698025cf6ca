package dev.rustmq.controller;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The controllers' JGroups stack, built in code from the configuration rather than from an XML
 * file with system properties, so every address comes from a named key. It is Infinispan's TCP
 * stack with the discovery replaced (TCPPING or DNS_PING instead of multicast) and failure
 * detection tied to {@code election_timeout_ms}: FD_SOCK2 notices a killed process at once (its
 * socket closes), FD_ALL3 a hung or cut-off one after the timeout.
 */
public final class JGroupsChannels {
    /** FD_SOCK2 listens on the JGroups port plus this (Infinispan's default of 50000 overflows high ports). */
    public static final int FAILURE_DETECTION_OFFSET = 1;

    private JGroupsChannels() {
    }

    /** A new, unconnected channel for {@code spec}; Infinispan connects it. */
    public static JChannel create(MetadataClusterSpec spec) throws Exception {
        return new JChannel(protocols(spec)).name(spec.nodeName());
    }

    static List<Protocol> protocols(MetadataClusterSpec spec) throws UnknownHostException {
        InetAddress bind = InetAddress.getByName(spec.bindHost());
        InetAddress external = spec.externalHost() == null ? null : InetAddress.getByName(spec.externalHost());
        TCP tcp = new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(spec.bindPort());
        tcp.setPortRange(0);
        if (external != null) {
            tcp.setExternalAddr(external);
        }
        tcp.setSockConnTimeout(300);
        List<Protocol> stack = new ArrayList<>();
        stack.add(tcp);
        stack.add(discovery(spec));
        stack.add(new MERGE3().setMinInterval(1_000).setMaxInterval(5_000));
        FD_SOCK2 sockets = new FD_SOCK2().setOffset(FAILURE_DETECTION_OFFSET).setPortRange(0);
        sockets.setBindAddress(bind);
        if (external != null) {
            sockets.setExternalAddress(external);
        }
        stack.add(sockets);
        long timeout = Math.max(1_000, spec.failureTimeoutMs());
        stack.add(new FD_ALL3().setTimeout(timeout).setInterval(Math.max(250, timeout / 4)));
        stack.add(new VERIFY_SUSPECT2().setTimeout(Math.min(1_000, timeout / 2)));
        stack.add(new NAKACK2().useMcastXmit(false));
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(new GMS().setJoinTimeout(2_000).printLocalAddress(false));
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    private static Protocol discovery(MetadataClusterSpec spec) {
        if (spec.dnsQuery() != null && !spec.dnsQuery().isBlank()) {
            DNS_PING ping = new DNS_PING();
            ping.setDNSQuery(spec.dnsQuery());
            return ping;
        }
        // Host names go to JGroups as text: it resolves them itself, so a peer whose name does not
        // resolve yet (a pod still starting) does not stop this controller from starting.
        List<String> hosts = new ArrayList<>();
        for (InetSocketAddress peer : spec.staticPeers()) {
            hosts.add(peer.getHostString() + "[" + peer.getPort() + "]");
        }
        TCPPING ping = new TCPPING();
        ping.setValue("initial_hosts_str", String.join(",", hosts));
        ping.setPortRange(0);
        return ping;
    }
}
