package dev.rustmq.app;

import java.net.URI;
import java.util.Set;

/**
 * The admin HTTP endpoint this server is configured for (server.xml's {@code rustmq.admin.host}
 * and {@code rustmq.admin.port}, set by {@code RUSTMQ_ADMIN_HOST} / {@code RUSTMQ_ADMIN_PORT}),
 * as something this process can connect to itself.
 */
public record AdminEndpoint(String host, int port) {
    private static final Set<String> ANY_ADDRESS = Set.of("*", "0.0.0.0", "::", "[::]");

    /** Plain HTTP is on: a port of 0 or less means HTTPS only. */
    public boolean hasHttp() {
        return port > 0;
    }

    /** {@code path} (with its query) on this endpoint, over plain HTTP. */
    public URI uri(String path) {
        return URI.create("http://" + hostLiteral(host) + ":" + port + path);
    }

    /** The admin host as a URI host to connect to: a listen-on-all address becomes loopback, IPv6 gets brackets. */
    static String hostLiteral(String host) {
        String h = host == null ? "" : host.trim();
        if (h.isEmpty() || ANY_ADDRESS.contains(h)) {
            return "127.0.0.1";
        }
        return h.contains(":") && !h.startsWith("[") ? "[" + h.replace("%", "%25") + "]" : h;
    }
}
