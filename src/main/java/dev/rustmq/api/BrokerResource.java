package dev.rustmq.api;

import dev.rustmq.app.NodeLifecycle;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.node.RustMqNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /api/v1/brokers}: registered brokers with their rack, endpoints and liveness. */
@Path("api/v1/brokers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BrokerResource {
    @Inject
    NodeLifecycle lifecycle;

    @GET
    public String list() {
        RustMqNode node = lifecycle.node();
        JsonArrayBuilder all = Json.createArrayBuilder();
        Set<String> live = node.admin().liveBrokers().stream().map(BrokerMetadata::id).collect(Collectors.toSet());
        for (BrokerMetadata b : node.admin().brokers()) {
            all.add(json(b, live.contains(b.id())));
        }
        return Json.createObjectBuilder().add("brokers", all).build().toString();
    }

    static JsonObjectBuilder json(BrokerMetadata b, boolean live) {
        return Json.createObjectBuilder()
                .add("id", b.id())
                .add("rack_id", b.rackId())
                .add("quic_endpoint", b.quicEndpoint())
                .add("rpc_endpoint", b.rpcEndpoint())
                .add("status", live ? "online" : "offline")
                .add("registered_at", Instant.ofEpochMilli(b.registeredAtMs()).toString())
                .add("last_heartbeat", Instant.ofEpochMilli(b.lastHeartbeatMs()).toString());
    }
}
