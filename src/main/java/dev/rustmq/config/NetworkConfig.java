package dev.rustmq.config;

/** {@code [network]}: the broker's listeners and connection limits. */
public record NetworkConfig(HostPort quicListen, HostPort rpcListen, int maxConnections, long connectionTimeoutMs) {
}
