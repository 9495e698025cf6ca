package dev.rustmq.api;

import dev.rustmq.app.AdminEndpointCheck;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/instance}: a random id of this server process, new at every start. The server asks
 * its own admin endpoint for it after start-up to learn that the endpoint is really its own
 * ({@link AdminEndpointCheck}).
 */
@Path("api/v1/instance")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class InstanceResource {
    @Inject
    AdminEndpointCheck check;

    @GET
    public String instance() {
        return Json.createObjectBuilder().add("instance", check.instanceId()).build().toString();
    }
}
