package dev.rustmq.app;

import dev.rustmq.common.Time;
import dev.rustmq.config.RustMqConfig;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.node.RustMqNode;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

/**
 * Starts the {@link RustMqNode} when the application starts and closes it when it stops. Runs
 * first among start-up observers so health checks and metrics find a node. A start-up failure
 * (bad config, unusable folder) goes to {@link StartupFailure}, which stops the server.
 */
@ApplicationScoped
public class NodeLifecycle {
    public static final int START_PRIORITY = 1000;

    @Inject
    ConfigProducer configProducer;

    @Inject
    StartupFailure startupFailure;

    @Inject
    DataPlaneMetrics metrics;

    @Inject
    AdminEndpoint adminEndpoint;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile RustMqNode node;

    void start(@Observes @Priority(START_PRIORITY) Startup event) {
        try {
            RustMqConfig config = configProducer.config();
            node = RustMqNode.start(config, Time.SYSTEM, scheduler, metrics.observer());
            if (adminEndpoint.hasHttp()) {
                node.adminPort(adminEndpoint.port());
            }
        } catch (RuntimeException e) {
            throw startupFailure.report(e);
        }
    }

    /** The running node; callers reaching it before start-up finished get a clear 503. */
    public RustMqNode node() {
        RustMqNode n = node;
        if (n == null) {
            throw new RustMqException(ErrorCode.METADATA_STORE_UNAVAILABLE, "RustMQ node is not started");
        }
        return n;
    }

    public boolean isStarted() {
        return node != null;
    }

    @PreDestroy
    void stop() {
        RustMqNode n = node;
        node = null;
        if (n != null) {
            n.close();
        }
    }
}
