package dev.rustmq.api;

import dev.rustmq.app.NodeLifecycle;
import dev.rustmq.node.CheckResult;
import dev.rustmq.node.RustMqNode;
import dev.rustmq.node.Version;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/v1/cluster} and {@code /api/v1/cluster/health}: the cluster at a glance. */
@Path("api/v1/cluster")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
    @Inject
    NodeLifecycle lifecycle;

    @GET
    public String cluster() {
        RustMqNode node = lifecycle.node();
        return Json.createObjectBuilder()
                .add("cluster_id", node.metadataStore().clusterId())
                .add("version", Version.get())
                .add("node", Json.createObjectBuilder()
                        .add("role", node.config().role().toString())
                        .add("broker_id", node.config().broker().id())
                        .add("controller_id", node.config().controller().nodeId())
                        .add("uptime_seconds", node.stats().uptimeSeconds()))
                .add("controller", Json.createObjectBuilder()
                        .add("active", node.config().controller().nodeId())
                        .add("metadata_store", "infinispan")
                        .add("mode", "local"))
                .add("brokers", Json.createObjectBuilder()
                        .add("total", node.stats().brokerCount())
                        .add("live", node.stats().liveBrokerCount()))
                .add("topics", node.stats().topicCount())
                .add("partitions", node.stats().partitionCount())
                .build().toString();
    }

    /**
     * {@code Healthy} when every check passes and every broker is live; {@code Degraded} (200)
     * when something is wrong but metadata can be served; {@code Unavailable} (503) otherwise.
     */
    @GET
    @Path("health")
    public Response health() {
        RustMqNode node = lifecycle.node();
        List<CheckResult> checks = List.of(node.health().metadataStore(), node.health().dataDirectories(),
                node.health().storage(), node.health().heartbeats());
        JsonArrayBuilder checkJson = Json.createArrayBuilder();
        boolean allUp = true;
        for (CheckResult c : checks) {
            JsonObjectBuilder data = Json.createObjectBuilder();
            c.data().forEach(data::add);
            checkJson.add(Json.createObjectBuilder().add("name", c.name()).add("status", c.up() ? "UP" : "DOWN")
                    .add("data", data));
            allUp &= c.up();
        }
        boolean storeUp = checks.get(0).up();
        int total = storeUp ? node.stats().brokerCount() : 0;
        int live = storeUp ? node.stats().liveBrokerCount() : 0;
        String status = !storeUp ? "Unavailable" : allUp && live == total ? "Healthy" : "Degraded";
        String body = Json.createObjectBuilder()
                .add("status", status)
                .add("brokers_total", total)
                .add("brokers_live", live)
                .add("checks", checkJson)
                .build().toString();
        return Response.status(storeUp ? 200 : 503).entity(body).build();
    }
}
