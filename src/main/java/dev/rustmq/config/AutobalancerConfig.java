package dev.rustmq.config;

/**
 * {@code [autobalancer]} (docs/cluster.md, "Auto-balancer"): whether the active controller
 * rebalances by itself, the CPU and memory shares above which a broker sheds load, how long it
 * waits between two of its rebalances, and how many partitions move at once (also the default of
 * {@code POST /api/v1/rebalance} and of a drain).
 */
public record AutobalancerConfig(boolean enabled, double cpuThreshold, double memoryThreshold, long cooldownSeconds,
                                 int maxConcurrentMoves) {
}
