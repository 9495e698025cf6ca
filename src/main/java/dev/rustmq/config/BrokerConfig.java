package dev.rustmq.config;

/** {@code [broker]}: who this broker is. */
public record BrokerConfig(String id, String rackId) {
}
