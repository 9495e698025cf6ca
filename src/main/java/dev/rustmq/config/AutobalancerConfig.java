package dev.rustmq.config;

/** {@code [autobalancer]}: thresholds for moving partition leadership off busy brokers. */
public record AutobalancerConfig(boolean enabled, double cpuThreshold, double memoryThreshold, long cooldownSeconds) {
}
