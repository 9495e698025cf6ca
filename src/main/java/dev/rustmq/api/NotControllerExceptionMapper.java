package dev.rustmq.api;

import dev.rustmq.admin.NotControllerException;
import jakarta.json.Json;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/**
 * A metadata change sent to a standby controller is redirected to the active one (docs/cluster.md):
 * 307 keeps the method and the body, so {@code curl -L}, the JDK's HttpClient and browsers
 * resend the same request there. The body still says {@code NOT_CONTROLLER} and names the active
 * controller, for clients that do not follow redirects. Without a known address it is a 503.
 */
@Provider
public class NotControllerExceptionMapper implements ExceptionMapper<NotControllerException> {
    @Context
    UriInfo uri;

    @Override
    public Response toResponse(NotControllerException e) {
        if (e.activeAdminEndpoint().isEmpty()) {
            return ApiErrors.response(e.code(), e.getMessage());
        }
        URI request = uri.getRequestUri();
        URI location = URI.create(request.getScheme() + "://" + e.activeAdminEndpoint().get() + request.getRawPath()
                + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery()));
        return Response.status(Response.Status.TEMPORARY_REDIRECT)
                .header(HttpHeaders.LOCATION, location)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", e.code().name()).add("message", e.getMessage())
                        .add("active_controller", e.activeId()).build().toString())
                .build();
    }
}
