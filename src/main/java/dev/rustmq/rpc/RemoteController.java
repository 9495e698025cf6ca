package dev.rustmq.rpc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.admin.ControllerStatus;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.controller.balance.RebalancePlan;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.metadata.BrokerRegistration;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.metadata.TopicMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller as a broker without one sees it (docs/cluster.md, "Brokers"): its registration,
 * the storage metadata and the admin operations, each a call to the active controller through
 * {@link ControllerRpcClient}. The broker's parts take it through the same three ports as a local
 * controller, so they run unchanged on a {@code broker}-role node.
 */
public final class RemoteController implements StorageMetadata, BrokerRegistration, ControllerOperations {
    private final ControllerRpcClient client;

    public RemoteController(ControllerRpcClient client) {
        this.client = client;
    }

    @Override
    public BrokerMetadata register(String id, String rackId, String quicEndpoint, String rpcEndpoint,
                                   String incarnation) {
        return call(RpcMethods.REGISTER, args("id", id, "rack", rackId, "quic", quicEndpoint, "rpc", rpcEndpoint,
                "incarnation", incarnation), BrokerMetadata.class);
    }

    @Override
    public boolean heartbeat(String id, BrokerLoad load) {
        return call(RpcMethods.HEARTBEAT, args("id", id, "load", load), Boolean.class);
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(call(RpcMethods.TOPIC, args("name", name), TopicMetadata.class));
    }

    @Override
    public List<TopicMetadata> topics() {
        return RpcJson.read(client.call(RpcMethods.TOPICS, "{}"), new TypeReference<List<TopicMetadata>>() { });
    }

    @Override
    public List<PartitionMetadata> partitions(String topic) {
        return RpcJson.read(client.call(RpcMethods.PARTITIONS, RpcJson.write(args("topic", topic))),
                new TypeReference<List<PartitionMetadata>>() { });
    }

    @Override
    public Optional<PartitionManifest> manifest(String topic, int partition) {
        return Optional.ofNullable(call(RpcMethods.MANIFEST, args("topic", topic, "partition", partition),
                PartitionManifest.class));
    }

    @Override
    public boolean replaceManifest(PartitionManifest expected, PartitionManifest next) {
        return call(RpcMethods.REPLACE_MANIFEST, args("expected", expected, "next", next), Boolean.class);
    }

    @Override
    public PartitionMetadata alterIsr(String topic, int partition, String leader, int leaderEpoch, int partitionEpoch,
                                      List<String> isr) {
        return call(RpcMethods.ALTER_ISR, args("topic", topic, "partition", partition, "leader", leader,
                "leader_epoch", leaderEpoch, "partition_epoch", partitionEpoch, "isr", isr), PartitionMetadata.class);
    }

    @Override
    public long allocateProducerIds(int count) {
        return call(RpcMethods.ALLOCATE_PRODUCER_IDS, args("count", count), Long.class);
    }

    @Override
    public TopicDescription createTopic(TopicSpec spec) {
        return call(RpcMethods.CREATE_TOPIC, spec, TopicDescription.class);
    }

    @Override
    public TopicDescription updateTopic(String name, TopicUpdate update) {
        return call(RpcMethods.UPDATE_TOPIC, args("name", name, "update", update), TopicDescription.class);
    }

    @Override
    public void deleteTopic(String name) {
        client.call(RpcMethods.DELETE_TOPIC, RpcJson.write(args("name", name)));
    }

    @Override
    public TopicDescription describeTopic(String name) {
        return call(RpcMethods.DESCRIBE_TOPIC, args("name", name), TopicDescription.class);
    }

    @Override
    public List<BrokerMetadata> liveBrokers() {
        return RpcJson.read(client.call(RpcMethods.LIVE_BROKERS, "{}"), new TypeReference<List<BrokerMetadata>>() { });
    }

    @Override
    public List<BrokerMetadata> brokers() {
        return RpcJson.read(client.call(RpcMethods.BROKERS, "{}"), new TypeReference<List<BrokerMetadata>>() { });
    }

    @Override
    public String clusterId() {
        return RpcJson.read(client.call(RpcMethods.CLUSTER_ID, "{}"), String.class);
    }

    /** Controllers run apart from brokers here: no broker is the controller. */
    @Override
    public Optional<String> controllerBrokerId() {
        return Optional.empty();
    }

    @Override
    public Optional<String> activeControllerId() {
        return controllers().stream().filter(c -> c.state().equals(ControllerStatus.ACTIVE)).map(ControllerStatus::id)
                .findFirst();
    }

    @Override
    public List<ControllerStatus> controllers() {
        return RpcJson.read(client.call(RpcMethods.CONTROLLERS, "{}"), new TypeReference<List<ControllerStatus>>() { });
    }

    @Override
    public PartitionMetadata reassignPartition(String topic, int partition, List<String> replicas) {
        return call(RpcMethods.REASSIGN_PARTITION, args("topic", topic, "partition", partition, "replicas", replicas),
                PartitionMetadata.class);
    }

    @Override
    public List<PartitionMetadata> reassignments() {
        return RpcJson.read(client.call(RpcMethods.REASSIGNMENTS, "{}"), new TypeReference<List<PartitionMetadata>>() { });
    }

    @Override
    public List<PartitionMetadata> electPreferredLeaders(List<String> topics) {
        return RpcJson.read(client.call(RpcMethods.ELECT_PREFERRED_LEADERS, RpcJson.write(args("topics", topics))),
                new TypeReference<List<PartitionMetadata>>() { });
    }

    @Override
    public RebalancePlan startRebalance(String strategy, List<String> topicNames, int maxConcurrentMoves) {
        return call(RpcMethods.START_REBALANCE, args("strategy", strategy, "topic_names", topicNames,
                "max_concurrent_moves", maxConcurrentMoves), RebalancePlan.class);
    }

    @Override
    public RebalancePlan drainBroker(String broker, int maxConcurrentMoves) {
        return call(RpcMethods.DRAIN_BROKER, args("broker", broker, "max_concurrent_moves", maxConcurrentMoves),
                RebalancePlan.class);
    }

    @Override
    public RebalancePlan cancelRebalance(String id) {
        return call(RpcMethods.CANCEL_REBALANCE, args("id", id), RebalancePlan.class);
    }

    @Override
    public RebalancePlan rebalance(String id) {
        return call(RpcMethods.REBALANCE, args("id", id), RebalancePlan.class);
    }

    @Override
    public List<RebalancePlan> rebalances() {
        return RpcJson.read(client.call(RpcMethods.REBALANCES, "{}"), new TypeReference<List<RebalancePlan>>() { });
    }

    private <T> T call(String method, Object args, Class<T> result) {
        return RpcJson.read(client.call(method, RpcJson.write(args)), result);
    }

    /** A JSON object of name/value pairs, in order. */
    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
