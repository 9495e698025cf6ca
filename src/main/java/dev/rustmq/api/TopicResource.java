package dev.rustmq.api;

import dev.rustmq.admin.AdminOperations;
import dev.rustmq.app.NodeLifecycle;
import dev.rustmq.metadata.TopicDescription;
import dev.rustmq.node.RustMqNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;

/** {@code /api/v1/topics}: create, list, describe, update and delete topics (the seed's Admin Operations), and move a partition. */
@Path("api/v1/topics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TopicResource {
    @Inject
    NodeLifecycle lifecycle;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        TopicDescription created = admin().createTopic(TopicJson.spec(body));
        return Response.created(uri.getAbsolutePathBuilder().path(created.topic().name()).build())
                .entity(TopicJson.description(created, node()::partitionDetails).toString())
                .build();
    }

    @GET
    public String list() {
        JsonArrayBuilder all = Json.createArrayBuilder();
        admin().listTopics().forEach(t -> all.add(TopicJson.summary(t)));
        return Json.createObjectBuilder().add("topics", all).build().toString();
    }

    @GET
    @Path("{name}")
    public String describe(@PathParam("name") String name) {
        return TopicJson.description(admin().describeTopic(name), node()::partitionDetails).toString();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public String update(@PathParam("name") String name, String body) {
        JsonObject updated = TopicJson.description(admin().updateTopic(name, TopicJson.update(body)),
                node()::partitionDetails);
        return updated.toString();
    }

    /**
     * Moves one partition to the brokers in {@code {"replicas": [...]}} (the first is its preferred
     * leader); answers 202 with the partition as it is now (its {@code target_replicas} say where it goes).
     */
    @POST
    @Path("{name}/partitions/{partition}/reassign")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reassign(@PathParam("name") String name, @PathParam("partition") int partition, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("replicas"));
        if (!json.has("replicas")) {
            throw JsonBody.invalid("\"replicas\" is required: the brokers the partition should live on");
        }
        return Response.accepted(RebalanceJson.partition(admin().reassignPartition(name, partition,
                json.strings("replicas"))).build().toString()).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        admin().deleteTopic(name);
        return Response.noContent().build();
    }

    private AdminOperations admin() {
        return node().admin();
    }

    private RustMqNode node() {
        return lifecycle.node();
    }
}
