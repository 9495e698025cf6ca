package dev.rustmq.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
    private final List<Supplier<CheckResult>> ports;

    /**
     * {@code storage} and {@code broker} are null on a node that runs no broker; {@code ports} are
     * the checks of the listeners this node opened (client, controller RPC, inter-broker).
     */
    NodeHealth(String role, List<DataDirectory> dataDirectories, ClusterView controller,
               StorageServices storage, BrokerServices broker, List<Supplier<CheckResult>> ports) {
        this.role = role;
        this.dataDirectories = dataDirectories;
        this.controller = controller;
        this.storage = storage;
        this.broker = broker;
        this.ports = List.copyOf(ports);
    }

    /** Readiness: the WAL still accepts writes. */
    public CheckResult storage() {
        return storage == null ? notABroker("storage") : storage.check();
    }

    /**
     * Readiness: every listener this node opened is bound (the broker's TCP and QUIC, the
     * controller's RPC port, the inter-broker port).
     */
    public CheckResult network() {
        if (ports.isEmpty()) {
            return notABroker("network");
        }
        boolean up = true;
        Map<String, String> data = new LinkedHashMap<>();
        for (Supplier<CheckResult> port : ports) {
            CheckResult check = port.get();
            up &= check.up();
            data.putAll(check.data());
        }
        return new CheckResult("network", up, data);
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
