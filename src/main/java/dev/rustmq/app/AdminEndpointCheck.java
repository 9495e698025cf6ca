package dev.rustmq.app;

import dev.rustmq.common.Time;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * After start-up, makes sure the admin HTTP endpoint this server is configured for answers with
 * this process's instance id ({@link AdminEndpointProbe}); if it does not within
 * {@code rustmq.admin.check_timeout_ms}, the server logs why and exits through
 * {@link StartupFailure} (docs/configuration.md). Liberty opens its HTTP ports only once the
 * application has started, so the attempts run on the managed scheduler, not on the start-up thread.
 */
@ApplicationScoped
public class AdminEndpointCheck {
    private static final Logger LOG = Logger.getLogger(AdminEndpointCheck.class.getName());
    private static final long RETRY_MS = 500;
    /** One attempt's bound: a port held by something that accepts and never answers must not stall the check. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private final String instanceId = UUID.randomUUID().toString();

    @Inject
    AdminEndpoint endpoint;

    /** Liberty's applicationManager startTimeout: its ports may open tens of seconds after the application starts. */
    @Inject
    @ConfigProperty(name = "rustmq.admin.check_timeout_ms", defaultValue = "120000")
    long timeoutMs;

    @Inject
    StartupFailure startupFailure;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private HttpClient http;
    private AdminEndpointProbe probe;

    /** This server process's id, answered at {@value AdminEndpointProbe#PATH}; new at every start. */
    public String instanceId() {
        return instanceId;
    }

    void start(@Observes @Priority(NodeLifecycle.START_PRIORITY + 50) Startup event) {
        if (!endpoint.hasHttp()) {
            LOG.info("admin endpoint check skipped: plain HTTP is off (rustmq.admin.port " + endpoint.port() + ")");
            return;
        }
        http = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).build();
        probe = new AdminEndpointProbe(endpoint, instanceId, this::instanceAt, Time.SYSTEM, timeoutMs);
        schedule(0);
    }

    private void schedule(long delayMs) {
        try {
            Time.SYSTEM.schedule(scheduler, this::attempt, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The server is shutting down: nothing left to check.
        }
    }

    private void attempt() {
        switch (probe.attempt()) {
            case SERVED -> LOG.fine(() -> "admin endpoint " + endpoint.host() + ":" + endpoint.port() + " is this server's");
            case RETRY -> schedule(RETRY_MS);
            case FAILED -> startupFailure.stop(probe.failureMessage());
        }
    }

    private String instanceAt(URI uri) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(ATTEMPT_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        String instance;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            instance = reader.readObject().getString("instance", null);
        } catch (JsonException e) {
            throw new IOException("not JSON from " + uri + ": " + e.getMessage(), e);
        }
        if (instance == null) {
            throw new IOException("no instance id in the answer from " + uri);
        }
        return instance;
    }
}
