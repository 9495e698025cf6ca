package dev.rustmq.api;

import dev.rustmq.app.AdminEndpoint;
import dev.rustmq.errors.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/v1/metrics}, the seed's {@code curl http://rustmq-admin/api/v1/metrics}: the same
 * Prometheus text as MicroProfile Metrics' {@code /metrics}, served directly. Liberty's exporter
 * has no public Java API (and the Servlet API is not visible to this application), so this asks
 * {@code /metrics} itself over the admin HTTP port, inside the process, with no credentials
 * ({@code <mpMetrics authentication="false"/>}). When plain HTTP is off (HTTPS only) it redirects
 * instead: 307 to {@code /metrics}.
 */
@Path("api/v1/metrics")
@RequestScoped
public class MetricsResource {
    private static final Logger LOG = Logger.getLogger(MetricsResource.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** server.xml's admin endpoint. */
    @Inject
    AdminEndpoint admin;

    @Context
    UriInfo uri;

    @GET
    public Response metrics(@HeaderParam(HttpHeaders.ACCEPT) String accept) throws InterruptedException {
        String rawQuery = uri.getRequestUri().getRawQuery();
        String query = rawQuery == null ? "" : "?" + rawQuery;
        if (!admin.hasHttp()) {
            return Response.temporaryRedirect(URI.create("/metrics" + query)).build();
        }
        URI local = admin.uri("/metrics" + query);
        HttpRequest.Builder get = HttpRequest.newBuilder(local).timeout(TIMEOUT).GET();
        if (accept != null && !accept.isBlank()) {
            get.header(HttpHeaders.ACCEPT, accept);
        }
        HttpResponse<byte[]> scraped;
        try {
            scraped = HTTP.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not read " + local + " for /api/v1/metrics: " + e, e);
            return ApiErrors.response(ErrorCode.INTERNAL_ERROR, "metrics are not available right now; "
                    + "/metrics serves the same text");
        }
        return Response.status(scraped.statusCode()).entity(scraped.body())
                .type(scraped.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.TEXT_PLAIN))
                .build();
    }
}
