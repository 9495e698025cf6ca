package dev.rustmq.node;

import java.util.Map;

/** The outcome of one health check, with details a person can act on when it is down. */
public record CheckResult(String name, boolean up, Map<String, String> data) {
    public CheckResult {
        data = Map.copyOf(data);
    }
}
