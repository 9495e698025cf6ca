package dev.rustmq.node;

import dev.rustmq.config.ControllerConfig;
import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.rpc.ControllerRpcService;
import dev.rustmq.transport.InterNodeDispatcher;
import dev.rustmq.transport.TcpServer;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A controller's RPC port for brokers ({@code [controller] rpc_listen}, 9094, docs/cluster.md): a
 * TCP listener whose frames go to the {@link ControllerRpcService}, run on {@code executor}.
 */
final class ControllerRpcListener {
    private static final int MAX_BROKER_CONNECTIONS = 10_000;

    private final ControllerConfig config;
    private final TcpServer tcp;

    private ControllerRpcListener(ControllerConfig config, TcpServer tcp) {
        this.config = config;
        this.tcp = tcp;
    }

    static ControllerRpcListener start(ControllerConfig config, ControllerServices controller, Executor executor,
                                       Closer closer) {
        ControllerRpcService service = new ControllerRpcService(controller.operations(), controller.brokers(),
                controller.store(), controller.store().quorum());
        InterNodeDispatcher<?> dispatcher = InterNodeDispatcher.controller(
                new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES), service::handle, executor);
        // Brokers keep their connection; an idle one is closed after three sessions of silence.
        TcpServer tcp = closer.register("controller RPC listener", new TcpServer(config.rpcListen(), dispatcher,
                MAX_BROKER_CONNECTIONS, config.electionTimeoutMs() * 3, TcpServer.DEFAULT_MAX_IN_FLIGHT, 1,
                DataPlaneObserver.NOOP));
        tcp.start();
        return new ControllerRpcListener(config, tcp);
    }

    Optional<InetSocketAddress> address() {
        return tcp.boundAddress();
    }

    /** Readiness: the port is bound. */
    CheckResult check() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("rpc_listen", config.rpcListen().toString());
        tcp.bindFailure().ifPresent(e -> data.put("error", String.valueOf(e.getMessage())));
        tcp.boundAddress().ifPresent(a -> data.put("rpc_bound", a.getHostString() + ":" + a.getPort()));
        data.put("broker_connections", Integer.toString(tcp.connectionCount()));
        return new CheckResult("controller-rpc", tcp.isListening(), data);
    }
}
