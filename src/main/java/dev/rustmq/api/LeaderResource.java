package dev.rustmq.api;

import dev.rustmq.app.NodeLifecycle;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/leaders/preferred}: hands each partition's lead back to its preferred replica
 * (the first listed) where it is live and in sync; body {@code {"topic_names": [...]}} (optional: all).
 */
@Path("api/v1/leaders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LeaderResource {
    @Inject
    NodeLifecycle lifecycle;

    @POST
    @Path("preferred")
    @Consumes(MediaType.APPLICATION_JSON)
    public String electPreferred(String body) {
        JsonBody json = JsonBody.parse(body == null || body.isBlank() ? "{}" : body, Set.of("topic_names"));
        List<String> topics = json.has("topic_names") ? json.strings("topic_names") : List.of();
        JsonArrayBuilder elected = Json.createArrayBuilder();
        lifecycle.node().admin().moves().electPreferredLeaders(topics).forEach(p -> elected.add(RebalanceJson.partition(p)));
        return Json.createObjectBuilder().add("elected", elected).build().toString();
    }
}
