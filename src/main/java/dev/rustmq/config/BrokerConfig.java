package dev.rustmq.config;

/**
 * {@code [broker]}: who this broker is, and the host it tells the controller and clients
 * ({@code [network] advertised_host}; null: the listeners' hosts, or this machine's name when a
 * listener binds every interface).
 */
public record BrokerConfig(String id, String rackId, String advertisedHost) {

    public BrokerConfig(String id, String rackId) {
        this(id, rackId, null);
    }

    /** {@code listen} as others reach it: the advertised host (or a reachable one) and its port. */
    public String advertised(HostPort listen) {
        String host = advertisedHost != null ? advertisedHost : HostNames.reachable(listen.host());
        return new HostPort(host, listen.port()).toString();
    }
}
