package dev.rustmq.metadata;

/**
 * A controller as it announces itself to the others: its id and the addresses brokers
 * ({@code rpcEndpoint}, port 9094) and operators ({@code adminEndpoint}, port 9642) reach it at.
 */
public record ControllerMetadata(String id, String rpcEndpoint, String adminEndpoint) {
}
