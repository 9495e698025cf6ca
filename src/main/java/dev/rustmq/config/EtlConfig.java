package dev.rustmq.config;

/** {@code [etl]}: limits for WebAssembly transforms on the produce path. */
public record EtlConfig(boolean enabled, long memoryLimitBytes, long executionTimeoutMs, int maxConcurrentExecutions) {
}
