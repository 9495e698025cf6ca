package dev.rustmq.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the broker's heartbeat loop keeps succeeding; a wedged node gets restarted. */
@Liveness
@ApplicationScoped
public class HeartbeatLiveness implements HealthCheck {
    @Inject
    NodeLifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.check(lifecycle, "broker-heartbeat", n -> n.health().heartbeats());
    }
}
