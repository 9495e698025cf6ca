package dev.rustmq.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while every data folder (WAL, object store, metadata) takes a synced write. */
@Readiness
@ApplicationScoped
public class DataDirectoriesReadiness implements HealthCheck {
    @Inject
    NodeLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.check(lifecycle, "data-directories", n -> n.health().dataDirectories());
    }
}
