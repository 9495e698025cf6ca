package dev.rustmq.controller;

import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.BrokerRegistration;
import java.util.List;

/**
 * Brokers register and then heartbeat; a broker is live while its last heartbeat is younger
 * than the session timeout ({@code [controller] election_timeout_ms}), after which it loses its
 * leaderships (once leadership moves exist).
 */
public final class BrokerRegistry implements BrokerRegistration {
    private final MetadataStore store;
    private final Time time;
    private final long sessionTimeoutMs;

    public BrokerRegistry(MetadataStore store, Time time, long sessionTimeoutMs) {
        this.store = store;
        this.time = time;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /**
     * Registers a broker, or refreshes an existing registration (a restart keeps its first
     * registration time). Refused with {@code INVALID_CONFIG} while another live broker holds the
     * same id at other addresses, or any other broker has the same numeric id (two ids clients
     * could not tell apart): the second broker keeps retrying with its heartbeats, so a broker
     * that moved to a new address registers once its old registration has expired.
     */
    @Override
    public BrokerMetadata register(String id, String rackId, String quicEndpoint, String rpcEndpoint) {
        long now = time.milliseconds();
        for (BrokerMetadata other : store.brokers()) {
            if (other.id().equals(id) && isLive(other) && (!other.quicEndpoint().equals(quicEndpoint)
                    || !other.rpcEndpoint().equals(rpcEndpoint))) {
                throw new RustMqException(ErrorCode.INVALID_CONFIG, "broker id \"" + id + "\" is registered by a live "
                        + "broker at " + other.quicEndpoint() + "; give this broker (at " + quicEndpoint
                        + ") another [broker] id");
            }
            if (!other.id().equals(id) && BrokerMetadata.numericId(other.id()) == BrokerMetadata.numericId(id)) {
                throw new RustMqException(ErrorCode.INVALID_CONFIG, "broker id \"" + id + "\" has the numeric id "
                        + BrokerMetadata.numericId(id) + " of registered broker \"" + other.id()
                        + "\"; give this broker another [broker] id");
            }
        }
        long registeredAt = store.broker(id).map(BrokerMetadata::registeredAtMs).orElse(now);
        BrokerLoad load = store.broker(id).map(BrokerMetadata::load).orElse(BrokerLoad.UNKNOWN);
        BrokerMetadata broker = new BrokerMetadata(id, rackId, quicEndpoint, rpcEndpoint, registeredAt, now, load);
        store.putBroker(broker);
        return broker;
    }

    /** Records a heartbeat and the reported load; false when the broker is not registered (it must register again). */
    @Override
    public boolean heartbeat(String id, BrokerLoad load) {
        return store.broker(id).map(b -> {
            store.putBroker(b.withHeartbeat(time.milliseconds(), load));
            return true;
        }).orElse(false);
    }

    /** A heartbeat that reports no load (tests, and brokers of older versions). */
    public boolean heartbeat(String id) {
        return heartbeat(id, BrokerLoad.UNKNOWN);
    }

    public boolean isLive(BrokerMetadata broker) {
        return time.milliseconds() - broker.lastHeartbeatMs() < sessionTimeoutMs;
    }

    public List<BrokerMetadata> brokers() {
        return store.brokers();
    }

    public List<BrokerMetadata> liveBrokers() {
        return store.brokers().stream().filter(this::isLive).toList();
    }

    public long sessionTimeoutMs() {
        return sessionTimeoutMs;
    }
}
