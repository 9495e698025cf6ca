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
    private final ControllerServices controller;
    private final StorageServices storage;
    private final BrokerServices broker;
    private final Transports transports;

    /** {@code storage}, {@code broker} and {@code transports} are null on a node that runs no broker. */
    NodeHealth(String role, List<DataDirectory> dataDirectories, ControllerServices controller,
               StorageServices storage, BrokerServices broker, Transports transports) {
        this.role = role;
        this.dataDirectories = dataDirectories;
        this.controller = controller;
        this.storage = storage;
        this.broker = broker;
        this.transports = transports;
    }

    /** Readiness: the WAL still accepts writes. */
    public CheckResult storage() {
        return storage == null ? notABroker("storage") : storage.check();
    }

    /** Readiness: the broker's TCP and QUIC listeners are bound. */
    public CheckResult network() {
        return transports == null ? notABroker("network") : transports.check();
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
