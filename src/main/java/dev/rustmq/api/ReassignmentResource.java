package dev.rustmq.api;

import dev.rustmq.app.NodeLifecycle;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/reassignments}: the partitions being moved now, with where they go. */
@Path("api/v1/reassignments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReassignmentResource {
    @Inject
    NodeLifecycle lifecycle;

    @GET
    public String list() {
        JsonArrayBuilder all = Json.createArrayBuilder();
        lifecycle.node().admin().moves().reassignments().forEach(p -> all.add(RebalanceJson.partition(p)));
        return Json.createObjectBuilder().add("reassignments", all).build().toString();
    }
}
