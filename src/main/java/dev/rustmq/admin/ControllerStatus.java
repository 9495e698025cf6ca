package dev.rustmq.admin;

/**
 * One controller as this one sees it: {@code active}, {@code standby} (connected, not active) or
 * {@code unreachable} (announced, not in this controller's view), with its announced addresses.
 */
public record ControllerStatus(String id, String state, String rpcEndpoint, String adminEndpoint) {
    public static final String ACTIVE = "active";
    public static final String STANDBY = "standby";
    public static final String UNREACHABLE = "unreachable";
}
