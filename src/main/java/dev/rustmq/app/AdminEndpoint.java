package dev.rustmq.app;

import dev.rustmq.config.HostNames;
import java.net.URI;

/**
 * The admin HTTP endpoint this server is configured for (server.xml's {@code rustmq.admin.host}
 * and {@code rustmq.admin.port}, set by {@code RUSTMQ_ADMIN_HOST} / {@code RUSTMQ_ADMIN_PORT}),
 * as something this process can connect to itself.
 */
public record AdminEndpoint(String host, int port) {

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
        if (h.isEmpty() || HostNames.isWildcard(h)) {
            return "127.0.0.1";
        }
        return h.contains(":") && !h.startsWith("[") ? "[" + h.replace("%", "%25") + "]" : h;
    }
}
