package dev.rustmq.app;

import dev.rustmq.common.Time;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Whether the admin endpoint this server is configured for is served by this very process. When
 * Liberty cannot bind the admin port (CWWKO0221E: another process holds it) the application still
 * starts, and without this check the node would run with its data port up and no admin API, health
 * or metrics, or, worse, with another process answering them. Each {@link #attempt()} asks the
 * endpoint which server instance answers it; attempts are repeated (by the caller, on its
 * scheduler) until this instance answers or the time-out passes.
 */
final class AdminEndpointProbe {
    /** The path that answers the instance id ({@code dev.rustmq.api.InstanceResource}). */
    static final String PATH = "/api/v1/instance";

    /** What one attempt found. */
    enum Outcome {
        /** This process answered: the endpoint is ours. */
        SERVED,
        /** Not (yet) ours: try again later. */
        RETRY,
        /** Not ours within the time-out: the server must stop. */
        FAILED
    }

    /** Asks an endpoint which instance answers it. */
    interface InstanceLookup {
        /** The instance id answered at {@code uri}; an IOException when none is. */
        String instanceAt(URI uri) throws IOException;
    }

    private final AdminEndpoint endpoint;
    private final String instanceId;
    private final InstanceLookup lookup;
    private final Time time;
    private final long timeoutMs;
    private final long startedNanos;
    private String lastAnswer = "not asked yet";

    AdminEndpointProbe(AdminEndpoint endpoint, String instanceId, InstanceLookup lookup, Time time, long timeoutMs) {
        this.endpoint = endpoint;
        this.instanceId = instanceId;
        this.lookup = lookup;
        this.time = time;
        this.timeoutMs = timeoutMs;
        this.startedNanos = time.nanoseconds();
    }

    Outcome attempt() {
        try {
            String answered = lookup.instanceAt(endpoint.uri(PATH));
            if (instanceId.equals(answered)) {
                return Outcome.SERVED;
            }
            lastAnswer = "another server answers it (instance " + answered + ")";
        } catch (IOException e) {
            lastAnswer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                    + e.getMessage();
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - startedNanos);
        return waitedMs >= timeoutMs ? Outcome.FAILED : Outcome.RETRY;
    }

    /** Why the endpoint is not ours, for the log: names the port, Liberty's message and what to do. */
    String failureMessage() {
        return "RustMQ stops: its admin HTTP endpoint " + endpoint.uri("") + " (rustmq.admin.host / rustmq.admin.port, "
                + "RUSTMQ_ADMIN_HOST / RUSTMQ_ADMIN_PORT) is not served by this server after " + timeoutMs
                + " ms; last try: " + lastAnswer + ". Liberty could not bind port " + endpoint.port()
                + " (CWWKO0221E above): another process probably holds it. Free the port or set RUSTMQ_ADMIN_PORT "
                + "to another one.";
    }
}
