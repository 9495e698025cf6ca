package dev.rustmq.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's health checks, one per concern, as the Liberty layer's probes (readiness,
 * liveness) and the cluster API read them. A check of a broker's part on a node that runs no
 * broker is up, saying why.
 */
public final class NodeHealth {
    private final String role;
    private final List<DataDirectory> dataDirectories;
    private final ClusterView controller;
    private final StorageServices storage;
    private final BrokerServices broker;
    private final Transports transports;
    private final ControllerRpcListener controllerRpc;

    /**
     * {@code storage}, {@code broker} and {@code transports} are null on a node that runs no broker;
     * {@code controllerRpc} on one whose controller serves no brokers.
     */
    NodeHealth(String role, List<DataDirectory> dataDirectories, ClusterView controller,
               StorageServices storage, BrokerServices broker, Transports transports,
               ControllerRpcListener controllerRpc) {
        this.role = role;
        this.dataDirectories = dataDirectories;
        this.controller = controller;
        this.storage = storage;
        this.broker = broker;
        this.transports = transports;
        this.controllerRpc = controllerRpc;
    }

    /** Readiness: the WAL still accepts writes. */
    public CheckResult storage() {
        return storage == null ? notABroker("storage") : storage.check();
    }

    /** Readiness: the broker's TCP and QUIC listeners are bound, and the controller's RPC port if it has one. */
    public CheckResult network() {
        if (controllerRpc == null) {
            return transports == null ? notABroker("network") : transports.check();
        }
        CheckResult rpc = controllerRpc.check();
        if (transports == null) {
            return new CheckResult("network", rpc.up(), rpc.data());
        }
        CheckResult client = transports.check();
        Map<String, String> data = new LinkedHashMap<>(client.data());
        data.putAll(rpc.data());
        return new CheckResult("network", client.up() && rpc.up(), data);
    }

    /** Readiness: the metadata store answers. */
    public CheckResult metadataStore() {
        return controller.checkMetadataStore();
    }

    /** Readiness: every data folder still takes a synced write. */
    public CheckResult dataDirectories() {
        Map<String, String> data = new LinkedHashMap<>();
        boolean up = true;
        for (DataDirectory dir : dataDirectories) {
            String problem = dir.probe();
            data.put(dir.key(), problem == null ? dir.path().toString() : dir.path() + ": " + problem);
            up &= problem == null;
        }
        return new CheckResult("data-directories", up, data);
    }

    /** Liveness: the broker's heartbeat loop still runs and succeeds within the session timeout. */
    public CheckResult heartbeats() {
        return broker == null ? notABroker("broker-heartbeat") : broker.checkHeartbeats();
    }

    private CheckResult notABroker(String check) {
        return new CheckResult(check, true, Map.of("role", role));
    }
}
