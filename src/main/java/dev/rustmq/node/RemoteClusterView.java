package dev.rustmq.node;

import dev.rustmq.admin.ControllerStatus;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.PartitionHealth;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.rpc.RemoteController;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A broker's view of the cluster, asked of the active controller over RPC. */
final class RemoteClusterView implements ClusterView {
    private final RemoteController controller;
    private final List<String> endpoints;

    RemoteClusterView(RemoteController controller, List<String> endpoints) {
        this.controller = controller;
        this.endpoints = List.copyOf(endpoints);
    }

    /** Readiness: an active controller answers at {@code [controller] endpoints}. */
    @Override
    public CheckResult checkMetadataStore() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("controller_endpoints", String.join(",", endpoints));
        try {
            List<ControllerStatus> controllers = controller.controllers();
            controllers.stream().filter(c -> c.state().equals(ControllerStatus.ACTIVE)).findFirst()
                    .ifPresent(c -> data.put("active_controller", c.id() + " at " + c.rpcEndpoint()));
            data.put("cluster_id", controller.clusterId());
            return new CheckResult("metadata-store", true, data);
        } catch (RustMqException e) {
            data.put("error", String.valueOf(e.getMessage()));
            return new CheckResult("metadata-store", false, data);
        }
    }

    @Override
    public int topicCount() {
        return controller.topics().size();
    }

    @Override
    public int partitionCount() {
        return controller.topics().stream().mapToInt(TopicMetadata::partitionCount).sum();
    }

    @Override
    public int brokerCount() {
        return controller.brokers().size();
    }

    @Override
    public PartitionHealth partitionHealth() {
        return PartitionHealth.of(controller);
    }

    /** A broker runs no controller. */
    @Override
    public boolean isActiveController() {
        return false;
    }

    @Override
    public long leaderElections() {
        return 0;
    }

    @Override
    public int liveBrokerCount() {
        return controller.liveBrokers().size();
    }
}
