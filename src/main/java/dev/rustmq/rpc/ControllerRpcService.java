package dev.rustmq.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.admin.ControllerStatus;
import dev.rustmq.controller.ControllerQuorum;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.controller.TopicUpdate;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.metadata.BrokerLoad;
import dev.rustmq.metadata.BrokerRegistration;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.StorageMetadata;
import dev.rustmq.protocol.message.ControllerRequest;
import dev.rustmq.protocol.message.ControllerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A controller's side of the brokers' calls (docs/cluster.md, "Brokers"): each method of the
 * broker's three ports to the controller — its registration, the storage metadata and the admin
 * operations — under one name, served only by the active controller. A standby answers
 * {@code NOT_CONTROLLER} with the active controller's id and RPC address; a controller without
 * the quorum {@code METADATA_STORE_UNAVAILABLE} saying what it sees.
 */
public final class ControllerRpcService {
    private static final Logger LOG = Logger.getLogger(ControllerRpcService.class.getName());

    private final ControllerOperations controller;
    private final BrokerRegistration registration;
    private final StorageMetadata metadata;
    private final ControllerQuorum quorum;
    private final Map<String, Function<JsonNode, Object>> methods = new LinkedHashMap<>();

    public ControllerRpcService(ControllerOperations controller, BrokerRegistration registration,
                                StorageMetadata metadata, ControllerQuorum quorum) {
        this.controller = controller;
        this.registration = registration;
        this.metadata = metadata;
        this.quorum = quorum;
        methods.put(RpcMethods.REGISTER, a -> registration.register(text(a, "id"), text(a, "rack"),
                text(a, "quic"), text(a, "rpc"), a.path("incarnation").asText("")));
        methods.put(RpcMethods.HEARTBEAT, a -> registration.heartbeat(text(a, "id"), a.path("load").isObject()
                ? RpcJson.read(a.path("load"), BrokerLoad.class) : BrokerLoad.UNKNOWN));
        methods.put(RpcMethods.TOPIC, a -> metadata.topic(text(a, "name")).orElse(null));
        methods.put(RpcMethods.TOPICS, a -> metadata.topics());
        methods.put(RpcMethods.PARTITIONS, a -> metadata.partitions(text(a, "topic")));
        methods.put(RpcMethods.MANIFEST, a -> metadata.manifest(text(a, "topic"), a.path("partition").asInt())
                .orElse(null));
        methods.put(RpcMethods.REPLACE_MANIFEST, a -> metadata.replaceManifest(
                a.path("expected").isNull() ? null : RpcJson.read(a.path("expected"), PartitionManifest.class),
                RpcJson.read(a.path("next"), PartitionManifest.class)));
        methods.put(RpcMethods.ALTER_ISR, a -> metadata.alterIsr(text(a, "topic"), a.path("partition").asInt(),
                text(a, "leader"), a.path("leader_epoch").asInt(), a.path("partition_epoch").asInt(),
                strings(a, "isr")));
        methods.put(RpcMethods.ALLOCATE_PRODUCER_IDS, a -> metadata.allocateProducerIds(a.path("count").asInt()));
        methods.put(RpcMethods.CREATE_TOPIC, a -> controller.createTopic(RpcJson.read(a, TopicSpec.class)));
        methods.put(RpcMethods.UPDATE_TOPIC, a -> controller.updateTopic(text(a, "name"),
                RpcJson.read(a.path("update"), TopicUpdate.class)));
        methods.put(RpcMethods.DELETE_TOPIC, a -> {
            controller.deleteTopic(text(a, "name"));
            return null;
        });
        methods.put(RpcMethods.DESCRIBE_TOPIC, a -> controller.describeTopic(text(a, "name")));
        methods.put(RpcMethods.LIVE_BROKERS, a -> controller.liveBrokers());
        methods.put(RpcMethods.BROKERS, a -> controller.brokers());
        methods.put(RpcMethods.CLUSTER_ID, a -> controller.clusterId());
        methods.put(RpcMethods.CONTROLLERS, a -> controller.controllers());
        methods.put(RpcMethods.REASSIGN_PARTITION, a -> controller.reassignPartition(text(a, "topic"),
                a.path("partition").asInt(), strings(a, "replicas")));
        methods.put(RpcMethods.REASSIGNMENTS, a -> controller.reassignments());
        methods.put(RpcMethods.ELECT_PREFERRED_LEADERS, a -> controller.electPreferredLeaders(strings(a, "topics")));
        methods.put(RpcMethods.START_REBALANCE, a -> controller.startRebalance(a.path("strategy").asText(null),
                strings(a, "topic_names"), a.path("max_concurrent_moves").asInt()));
        methods.put(RpcMethods.DRAIN_BROKER, a -> controller.drainBroker(text(a, "broker"),
                a.path("max_concurrent_moves").asInt()));
        methods.put(RpcMethods.CANCEL_REBALANCE, a -> controller.cancelRebalance(text(a, "id")));
        methods.put(RpcMethods.REBALANCE, a -> controller.rebalance(text(a, "id")));
        methods.put(RpcMethods.REBALANCES, a -> controller.rebalances());
    }

    /** The answer to one call; never throws. */
    public ControllerResponse handle(ControllerRequest request) {
        Function<JsonNode, Object> method = methods.get(request.method());
        if (method == null) {
            return ControllerResponse.error(ErrorCode.INVALID_REQUEST, "unknown controller method \""
                    + request.method() + "\"; known: " + methods.keySet());
        }
        try {
            if (!quorum.isActive()) {
                return notActive();
            }
            return ControllerResponse.success(RpcJson.write(method.apply(RpcJson.tree(request.json()))));
        } catch (RustMqException e) {
            return ControllerResponse.error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "controller call " + request.method() + " failed", e);
            return ControllerResponse.error(ErrorCode.INTERNAL_ERROR, "controller call " + request.method()
                    + " failed: " + e);
        }
    }

    private ControllerResponse notActive() {
        var refusal = quorum.refusal();
        if (refusal.isPresent()) {
            throw new MetadataStoreException(refusal.get(), null);
        }
        String active = quorum.activeId().orElse(null);
        String rpc = controller.controllers().stream().filter(c -> c.id().equals(active))
                .map(ControllerStatus::rpcEndpoint).findFirst().orElse(null);
        Map<String, String> where = new LinkedHashMap<>();
        where.put("active", active);
        where.put("rpc", rpc);
        return new ControllerResponse(ErrorCode.NOT_CONTROLLER, "controller " + quorum.localId()
                + " is a standby; the active controller is " + active + (rpc == null ? "" : " at " + rpc),
                RpcJson.write(where));
    }

    private static List<String> strings(JsonNode args, String field) {
        JsonNode value = args.path(field);
        return value.isMissingNode() || value.isNull() ? List.of() : List.of(RpcJson.read(value, String[].class));
    }

    private static String text(JsonNode args, String field) {
        JsonNode value = args.path(field);
        if (!value.isTextual()) {
            throw new RustMqException(ErrorCode.INVALID_REQUEST, "controller call needs a text \"" + field + "\"");
        }
        return value.asText();
    }
}
