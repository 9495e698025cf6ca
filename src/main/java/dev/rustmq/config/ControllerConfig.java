package dev.rustmq.config;

import java.util.List;

/**
 * {@code [controller]}: how brokers reach controllers (endpoints, timeouts) and, on a controller,
 * its own identity and listeners.
 */
public record ControllerConfig(List<String> endpoints, long electionTimeoutMs, long heartbeatIntervalMs,
                               String nodeId, HostPort raftListen, HostPort rpcListen, HostPort httpListen) {
}
