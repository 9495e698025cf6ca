package dev.rustmq.app;

import dev.rustmq.metrics.DataPlaneObserver;
import dev.rustmq.metrics.Transport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Registers the seed's data-plane metrics ({@code messages_produced_total},
 * {@code produce_latency_seconds}, ...) with MicroProfile Metrics and hands {@link NodeLifecycle}
 * the observer the broker reports to. The latency histograms' buckets come from
 * {@code META-INF/microprofile-config.properties}. Gauges about cluster state stay in
 * {@link MetricsBinder}.
 */
@ApplicationScoped
public class DataPlaneMetrics {
    @Inject
    MetricRegistry registry;

    private MpDataPlaneObserver observer;

    @PostConstruct
    void register() {
        observer = new MpDataPlaneObserver(registry);
        for (Transport t : Transport.values()) {
            registry.gauge(Metadata.builder().withName("active_connections").withUnit(MetricUnits.NONE)
                    .withDescription("Client connections open now, by transport").build(),
                    observer, o -> o.activeConnections(t), new Tag("transport", t.label()));
        }
    }

    /** A plain object (not a CDI proxy): the broker calls it on every produce and fetch. */
    public DataPlaneObserver observer() {
        return observer;
    }
}
