package dev.rustmq.api;

import dev.rustmq.admin.ControllerStatus;
import dev.rustmq.app.NodeLifecycle;
import dev.rustmq.node.CheckResult;
import dev.rustmq.node.RustMqNode;
import dev.rustmq.node.Version;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/** {@code /api/v1/cluster} and {@code /api/v1/cluster/health}: the cluster at a glance. */
@Path("api/v1/cluster")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
    @Inject
    NodeLifecycle lifecycle;

    /**
     * The cluster at a glance. A controller without the quorum still answers, with its own view of
     * the controllers and {@code metadata} saying why the rest is missing (its store refuses reads).
     */
    @GET
    public String cluster() {
        RustMqNode node = lifecycle.node();
        List<ControllerStatus> controllers = node.admin().controllers();
        String active = node.admin().activeControllerId().orElse(null);
        JsonObjectBuilder body = Json.createObjectBuilder();
        CheckResult metadata = node.health().metadataStore();
        Optional<String> refusal = metadata.up() ? Optional.empty()
                : Optional.of(metadata.data().getOrDefault("error", "metadata is not available"));
        body.add("cluster_id", refusal.isPresent() ? JsonValue.NULL : Json.createValue(node.admin().clusterId()))
                .add("version", Version.get())
                .add("node", Json.createObjectBuilder()
                        .add("role", node.config().role().toString())
                        .add("broker_id", node.config().broker().id())
                        .add("controller_id", node.config().role().runsController()
                                ? Json.createValue(node.config().controller().nodeId()) : JsonValue.NULL)
                        .add("uptime_seconds", node.stats().uptimeSeconds()))
                .add("metadata", refusal.map(r -> "refused: " + r).orElse("available"))
                .add("controller", Json.createObjectBuilder()
                        .add("active", active == null ? JsonValue.NULL : Json.createValue(active))
                        .add("metadata_store", "infinispan")
                        .add("mode", node.config().raft().replicated() ? "replicated" : "local")
                        .add("voters", node.config().raft().voters()))
                .add("controllers", controllers(controllers))
                .add("followers", followers(controllers));
        if (refusal.isEmpty()) {
            body.add("brokers", Json.createObjectBuilder()
                            .add("total", node.stats().brokerCount())
                            .add("live", node.stats().liveBrokerCount()))
                    .add("topics", node.stats().topicCount())
                    .add("partitions", node.stats().partitionCount());
        }
        return body.build().toString();
    }

    /** Each controller's id, state ({@code active}, {@code standby}, {@code unreachable}) and addresses. */
    private static JsonArrayBuilder controllers(List<ControllerStatus> controllers) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (ControllerStatus c : controllers) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("id", c.id()).add("state", c.state());
            o.add("rpc", c.rpcEndpoint() == null ? JsonValue.NULL : Json.createValue(c.rpcEndpoint()));
            o.add("admin", c.adminEndpoint() == null ? JsonValue.NULL : Json.createValue(c.adminEndpoint()));
            array.add(o);
        }
        return array;
    }

    /** The seed's top-level {@code followers}: the standby controllers' ids. */
    private static JsonArrayBuilder followers(List<ControllerStatus> controllers) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        controllers.stream().filter(c -> c.state().equals(ControllerStatus.STANDBY)).forEach(c -> array.add(c.id()));
        return array;
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
