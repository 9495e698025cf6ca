package dev.rustmq.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the broker's client data port (TCP) is bound and listening. */
@Readiness
@ApplicationScoped
public class NetworkReadiness implements HealthCheck {
    @Inject
    NodeLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.check(lifecycle, "network", n -> n.health().network());
    }
}
