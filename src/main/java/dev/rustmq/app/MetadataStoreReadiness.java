package dev.rustmq.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the controller metadata store answers. */
@Readiness
@ApplicationScoped
public class MetadataStoreReadiness implements HealthCheck {
    @Inject
    NodeLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.check(lifecycle, "metadata-store", n -> n.health().metadataStore());
    }
}
