package dev.rustmq.app;

import dev.rustmq.node.Version;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the node has opened its metadata and registered (Kubernetes startupProbe). */
@Startup
@ApplicationScoped
public class NodeStartedCheck implements HealthCheck {
    @Inject
    NodeLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("node-started").status(lifecycle.isStarted())
                .withData("version", Version.get()).build();
    }
}
