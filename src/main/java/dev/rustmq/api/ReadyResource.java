package dev.rustmq.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /ready}: the seed's readiness probe path. It runs the same {@code @Readiness} checks as
 * MicroProfile Health's {@code /health/ready} and answers in the same shape (200 UP / 503 DOWN).
 * ({@code /health} itself is MicroProfile Health's own endpoint.)
 */
@Path("ready")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReadyResource {
    @Inject
    @Readiness
    @Any
    Instance<HealthCheck> readinessChecks;

    @GET
    public Response ready() {
        JsonArrayBuilder checks = Json.createArrayBuilder();
        boolean up = true;
        for (HealthCheck check : readinessChecks) {
            HealthCheckResponse r = check.call();
            boolean checkUp = r.getStatus() == HealthCheckResponse.Status.UP;
            up &= checkUp;
            JsonObjectBuilder json = Json.createObjectBuilder().add("name", r.getName())
                    .add("status", r.getStatus().name());
            r.getData().ifPresent(data -> {
                JsonObjectBuilder d = Json.createObjectBuilder();
                data.forEach((k, v) -> d.add(k, String.valueOf(v)));
                json.add("data", d);
            });
            checks.add(json);
        }
        String body = Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", checks).build()
                .toString();
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
