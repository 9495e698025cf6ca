package dev.rustmq.node;

import dev.rustmq.admin.AdminOperations;
import dev.rustmq.config.NetworkConfig;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.transport.QuicServer;
import dev.rustmq.transport.RequestDispatcher;
import dev.rustmq.transport.TcpServer;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The broker's client data port: one {@link RequestDispatcher} behind a TCP and a QUIC listener,
 * both on {@code [network] quic_listen}'s host and port. They bind in the background: start-up
 * does not wait, and {@link #check()} (the {@code network} readiness check) reports them.
 */
final class Transports {
    private final NetworkConfig network;
    private final TcpServer tcp;
    private final QuicServer quic;

    private Transports(NetworkConfig network, TcpServer tcp, QuicServer quic) {
        this.network = network;
        this.tcp = tcp;
        this.quic = quic;
    }

    /**
     * Starts TCP, then QUIC, each registered with {@code closer} once its event loops exist.
     * Metadata and admin requests run on {@code adminExecutor}, off the listeners' event loops.
     */
    static Transports start(NetworkConfig network, BrokerServices broker, StorageServices storage,
                            AdminOperations admin, ScheduledExecutorService adminExecutor,
                            DataPlaneObserver observer, Closer closer) {
        RequestDispatcher dispatcher = new RequestDispatcher(new FrameEncoder(network.maxFrameBytes()),
                broker.produce(), broker.fetch(), broker.resolver(), storage.logs(), admin, adminExecutor,
                broker.producerIds());
        TcpServer tcp = closer.register("TCP transport", new TcpServer(network.quicListen(), dispatcher,
                network.maxConnections(), network.connectionTimeoutMs(), observer));
        tcp.start();
        QuicServer quic = closer.register("QUIC transport", new QuicServer(network.quicListen(), dispatcher,
                network.maxConnections(), network.connectionTimeoutMs(), network.tlsCertPath(), network.tlsKeyPath(),
                observer));
        quic.start();
        return new Transports(network, tcp, quic);
    }

    /** The TCP listener's address once bound; empty before, or if binding failed. */
    Optional<InetSocketAddress> tcpAddress() {
        return tcp.boundAddress();
    }

    /** The QUIC (UDP) listener's address once bound; empty before, or if binding failed. */
    Optional<InetSocketAddress> quicAddress() {
        return quic.boundAddress();
    }

    /** Readiness: both listeners are bound and open. */
    CheckResult check() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tcp_listen", network.quicListen().toString());
        tcp.bindFailure().ifPresent(e -> data.put("error", String.valueOf(e.getMessage())));
        tcp.boundAddress().ifPresent(a -> data.put("tcp_bound", a.getHostString() + ":" + a.getPort()));
        data.put("connections", Integer.toString(tcp.connectionCount()));
        data.put("io", tcp.usesEpoll() ? "epoll" : "nio");
        data.put("quic_listen", "udp " + network.quicListen());
        quic.bindFailure().ifPresent(e -> data.put("quic_error", String.valueOf(e.getMessage())));
        quic.boundAddress().ifPresent(a -> data.put("quic_bound", a.getHostString() + ":" + a.getPort()));
        data.put("quic_connections", Integer.toString(quic.connectionCount()));
        data.put("quic_certificate", quic.usesSelfSignedCertificate() ? "self-signed"
                : String.valueOf(network.tlsCertPath()));
        return new CheckResult("network", tcp.isListening() && quic.isListening(), data);
    }
}
