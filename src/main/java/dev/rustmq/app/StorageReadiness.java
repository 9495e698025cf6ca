package dev.rustmq.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the broker's WAL accepts writes (a failed disk write takes the broker out of service). */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {
    @Inject
    NodeLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.check(lifecycle, "storage", n -> n.health().storage());
    }
}
