package dev.rustmq.admin;

import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.ControllerQuorum;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.controller.balance.BalanceStrategy;
import dev.rustmq.controller.balance.RebalanceManager;
import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.ControllerMetadata;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ControllerOperations} served by the controller running in this process. Reads are
 * served by any controller with the quorum; changes only by the active one: a standby answers
 * {@link NotControllerException} naming the active controller, a controller without the quorum
 * a {@link MetadataStoreException} saying how many controllers it sees.
 */
public final class LocalController implements ControllerOperations {
    private final TopicManager topics;
    private final BrokerRegistry brokers;
    private final String brokerId;
    private final MetadataStore store;
    private final ControllerQuorum quorum;
    private final ReassignmentManager reassignments;
    private final RebalanceManager rebalances;

    /**
     * @param brokerId this node's broker id
     * @param store    the controller's metadata: its quorum (whether this controller is the active
     *                 one), the controllers' announcements, the cluster id
     */
    public LocalController(TopicManager topics, BrokerRegistry brokers, String brokerId, MetadataStore store,
                           ReassignmentManager reassignments, RebalanceManager rebalances) {
        this.topics = topics;
        this.brokers = brokers;
        this.brokerId = brokerId;
        this.store = store;
        this.quorum = store.quorum();
        this.reassignments = reassignments;
        this.rebalances = rebalances;
    }

    @Override
    public TopicDescription createTopic(TopicSpec spec) {
        requireActive();
        return topics.create(spec);
    }

    @Override
    public TopicDescription updateTopic(String name, TopicUpdate update) {
        requireActive();
        return topics.update(name, update);
    }

    @Override
    public void deleteTopic(String name) {
        requireActive();
        topics.delete(name);
    }

    @Override
    public TopicDescription describeTopic(String name) {
        return topics.describe(name);
    }

    @Override
    public List<TopicMetadata> topics() {
        return topics.list();
    }

    @Override
    public List<BrokerMetadata> liveBrokers() {
        return brokers.liveBrokers();
    }

    @Override
    public List<BrokerMetadata> brokers() {
        return brokers.brokers();
    }

    @Override
    public String clusterId() {
        return store.clusterId();
    }

    @Override
    public Optional<String> controllerBrokerId() {
        return quorum.isActive() ? Optional.of(brokerId) : Optional.empty();
    }

    @Override
    public Optional<String> activeControllerId() {
        return quorum.activeId();
    }

    @Override
    public List<ControllerStatus> controllers() {
        Map<String, ControllerMetadata> byId = new LinkedHashMap<>();
        if (quorum.hasQuorum()) {
            store.controllers().forEach(c -> byId.put(c.id(), c));
        }
        List<String> connected = quorum.members();
        for (String id : connected) {
            byId.putIfAbsent(id, new ControllerMetadata(id, null, null));
        }
        String active = quorum.activeId().orElse(null);
        List<ControllerStatus> result = new ArrayList<>();
        byId.values().stream().sorted(java.util.Comparator.comparing(ControllerMetadata::id)).forEach(c -> {
            String state = c.id().equals(active) ? ControllerStatus.ACTIVE
                    : connected.contains(c.id()) ? ControllerStatus.STANDBY : ControllerStatus.UNREACHABLE;
            result.add(new ControllerStatus(c.id(), state, c.rpcEndpoint(), c.adminEndpoint()));
        });
        return result;
    }

    @Override
    public PartitionMetadata reassignPartition(String topic, int partition, List<String> replicas) {
        requireActive();
        return reassignments.reassign(topic, partition, replicas);
    }

    @Override
    public List<PartitionMetadata> reassignments() {
        return reassignments.inProgress();
    }

    @Override
    public List<PartitionMetadata> electPreferredLeaders(List<String> topicNames) {
        requireActive();
        return reassignments.electPreferredLeaders(topicNames);
    }

    @Override
    public RebalancePlan startRebalance(String strategy, List<String> topicNames, int maxConcurrentMoves) {
        requireActive();
        return rebalances.start(BalanceStrategy.parse(strategy), topicNames, maxConcurrentMoves);
    }

    @Override
    public RebalancePlan drainBroker(String broker, int maxConcurrentMoves) {
        requireActive();
        return rebalances.drain(broker, maxConcurrentMoves);
    }

    @Override
    public RebalancePlan cancelRebalance(String id) {
        requireActive();
        return rebalances.cancel(id);
    }

    @Override
    public RebalancePlan rebalance(String id) {
        return rebalances.get(id).orElseThrow(() -> new RustMqException(ErrorCode.NOT_FOUND, "no rebalance with id \""
                + id + "\""));
    }

    @Override
    public List<RebalancePlan> rebalances() {
        return rebalances.list();
    }

    /** Changes run on the active controller only (docs/cluster.md). */
    private void requireActive() {
        Optional<String> refusal = quorum.refusal();
        if (refusal.isPresent()) {
            throw new MetadataStoreException(refusal.get(), null);
        }
        if (quorum.isActive()) {
            return;
        }
        String active = quorum.activeId().orElse("(unknown)");
        String admin = store.controllers().stream().filter(c -> c.id().equals(active)).map(ControllerMetadata::adminEndpoint)
                .findFirst().orElse(null);
        throw new NotControllerException(quorum.localId(), active, admin);
    }
}
