package dev.rustmq.app;

import dev.rustmq.node.CheckResult;
import dev.rustmq.node.RustMqNode;
import java.util.function.Function;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** Turns a node's {@link CheckResult} into a MicroProfile Health response. */
final class HealthResponses {
    private HealthResponses() {
    }

    static HealthCheckResponse check(NodeLifecycle lifecycle, String name, Function<RustMqNode, CheckResult> check) {
        if (!lifecycle.isStarted()) {
            return HealthCheckResponse.named(name).down().withData("reason", "RustMQ node is not started").build();
        }
        CheckResult result = check.apply(lifecycle.node());
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(result.name()).status(result.up());
        result.data().forEach(builder::withData);
        return builder.build();
    }
}
