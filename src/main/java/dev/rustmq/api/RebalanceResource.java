package dev.rustmq.api;

import dev.rustmq.admin.ControllerOperations;
import dev.rustmq.app.NodeLifecycle;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/rebalance}: start a rebalance (the seed's body: {@code topic_names},
 * {@code strategy}, {@code max_concurrent_moves}), follow its progress, cancel it.
 */
@Path("api/v1/rebalance")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RebalanceResource {
    private static final Set<String> FIELDS = Set.of("topic_names", "strategy", "max_concurrent_moves");

    @Inject
    NodeLifecycle lifecycle;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(String body) {
        JsonBody json = JsonBody.parse(body == null || body.isBlank() ? "{}" : body, FIELDS);
        List<String> topics = json.has("topic_names") ? json.strings("topic_names") : List.of();
        String strategy = json.has("strategy") ? json.string("strategy") : null;
        int concurrency = json.has("max_concurrent_moves") ? json.integer("max_concurrent_moves")
                : lifecycle.node().config().autobalancer().maxConcurrentMoves();
        return Response.accepted(RebalanceJson.plan(moves().startRebalance(strategy, topics, concurrency)).build()
                .toString()).build();
    }

    @GET
    public String list() {
        JsonArrayBuilder all = Json.createArrayBuilder();
        moves().rebalances().forEach(p -> all.add(RebalanceJson.plan(p)));
        return Json.createObjectBuilder().add("rebalances", all).build().toString();
    }

    @GET
    @Path("{id}")
    public String get(@PathParam("id") String id) {
        return RebalanceJson.plan(moves().rebalance(id)).build().toString();
    }

    @DELETE
    @Path("{id}")
    public String cancel(@PathParam("id") String id) {
        return RebalanceJson.plan(moves().cancelRebalance(id)).build().toString();
    }

    private ControllerOperations moves() {
        return lifecycle.node().admin().moves();
    }
}
