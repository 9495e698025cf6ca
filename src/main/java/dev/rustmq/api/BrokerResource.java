package dev.rustmq.api;

import dev.rustmq.app.NodeLifecycle;
import dev.rustmq.metadata.BrokerMetadata;
import dev.rustmq.node.RustMqNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /api/v1/brokers}: registered brokers with their rack, endpoints and liveness; draining one. */
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

    /**
     * Moves every replica off the broker before maintenance (body, optional:
     * {@code {"max_concurrent_moves": n}}); answers 202 with the plan, followed at
     * {@code /api/v1/rebalance/{id}}.
     */
    @POST
    @Path("{id}/drain")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response drain(@PathParam("id") String id, String body) {
        JsonBody json = JsonBody.parse(body == null || body.isBlank() ? "{}" : body, Set.of("max_concurrent_moves"));
        RustMqNode node = lifecycle.node();
        int concurrency = json.has("max_concurrent_moves") ? json.integer("max_concurrent_moves")
                : node.config().autobalancer().maxConcurrentMoves();
        return Response.accepted(RebalanceJson.plan(node.admin().moves().drainBroker(id, concurrency)).build()
                .toString()).build();
    }

    static JsonObjectBuilder json(BrokerMetadata b, boolean live) {
        return Json.createObjectBuilder()
                .add("id", b.id())
                .add("rack_id", b.rackId())
                .add("quic_endpoint", b.quicEndpoint())
                .add("rpc_endpoint", b.rpcEndpoint())
                .add("status", live ? "online" : "offline")
                .add("registered_at", Instant.ofEpochMilli(b.registeredAtMs()).toString())
                .add("last_heartbeat", Instant.ofEpochMilli(b.lastHeartbeatMs()).toString())
                .add("load", Json.createObjectBuilder()
                        .add("cpu", b.load().cpu())
                        .add("memory", b.load().memory())
                        .add("bytes_in_per_sec", b.load().bytesInPerSec())
                        .add("bytes_out_per_sec", b.load().bytesOutPerSec()));
    }
}
