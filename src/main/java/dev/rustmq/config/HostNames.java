package dev.rustmq.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What to advertise for a listener: its own host, or this machine's name when it listens on every interface. */
public final class HostNames {
    private HostNames() {
    }

    /** True for {@code 0.0.0.0}, {@code ::} (also bracketed) and {@code *}: listening on every interface. */
    public static boolean isWildcard(String host) {
        return switch (host.trim()) {
            case "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "*" -> true;
            default -> false;
        };
    }

    /** {@code host}, or this machine's host name when {@code host} is a wildcard. */
    public static String reachable(String host) {
        if (!isWildcard(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
