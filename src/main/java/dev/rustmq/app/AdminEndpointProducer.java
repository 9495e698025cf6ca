package dev.rustmq.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The admin endpoint of server.xml, read once for the beans that call it (RUSTMQ_ADMIN_HOST / RUSTMQ_ADMIN_PORT override both). */
@ApplicationScoped
public class AdminEndpointProducer {
    @Inject
    @ConfigProperty(name = "rustmq.admin.host", defaultValue = "127.0.0.1")
    String host;

    @Inject
    @ConfigProperty(name = "rustmq.admin.port", defaultValue = "9642")
    int port;

    @Produces
    AdminEndpoint adminEndpoint() {
        return new AdminEndpoint(host, port);
    }
}
