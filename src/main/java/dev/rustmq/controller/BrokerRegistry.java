package dev.rustmq.controller;

import dev.rustmq.common.Time;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.BrokerRegistration;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;


/**
 * Brokers register and then heartbeat; a broker is live while its last heartbeat is younger
 * than the session timeout ({@code [controller] election_timeout_ms}), after which it loses its
 * leaderships (once leadership moves exist).
 */
public final class BrokerRegistry implements BrokerRegistration {
    private static final Logger LOG = Logger.getLogger(BrokerRegistry.class.getName());

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
    /** A registration without an incarnation (tests): never fences. */
    public BrokerMetadata register(String id, String rackId, String quicEndpoint, String rpcEndpoint) {
        return register(id, rackId, quicEndpoint, rpcEndpoint, "");
    }

    @Override
    public BrokerMetadata register(String id, String rackId, String quicEndpoint, String rpcEndpoint,
                                   String incarnation) {
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
        Optional<BrokerMetadata> before = store.broker(id);
        long registeredAt = before.map(BrokerMetadata::registeredAtMs).orElse(now);
        BrokerLoad load = before.map(BrokerMetadata::load).orElse(BrokerLoad.UNKNOWN);
        if (before.isPresent() && !incarnation.isEmpty() && !incarnation.equals(before.get().incarnation())) {
            fence(id);
        }
        BrokerMetadata broker = new BrokerMetadata(id, rackId, quicEndpoint, rpcEndpoint, registeredAt, now, load,
                incarnation);
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

    /**
     * Takes a restarted broker out of every in-sync set, and hands its leaderships to another live
     * in-sync replica, each by compare-and-set ({@link LeaderElection} as if the broker were not
     * live). A partition with no other in-sync replica keeps it: its log is all there is.
     */
    private void fence(String id) {
        Set<String> others = new HashSet<>();
        liveBrokers().stream().map(BrokerMetadata::id).filter(b -> !b.equals(id)).forEach(others::add);
        for (TopicMetadata topic : store.topics()) {
            for (PartitionMetadata p : store.partitions(topic.name())) {
                if (!p.isr().contains(id)) {
                    continue;
                }
                Optional<PartitionMetadata> next = LeaderElection.next(p, others);
                if (next.isPresent() && next.get().hasLeader() && store.replacePartition(p, next.get())) {
                    LOG.info(() -> "broker " + id + " restarted: " + p.topic() + "-" + p.partition() + " in sync "
                            + p.isr() + " -> " + next.get().isr() + ", leader " + next.get().leader() + " at epoch "
                            + next.get().leaderEpoch());
                }
            }
        }
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
