package dev.rustmq.config;

import dev.rustmq.config.ConfigException;

/** A listen or connect address written as {@code host:port} ({@code [v6addr]:port} for IPv6). */
public record HostPort(String host, int port) {

    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException("expected \"host:port\", got \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException("port in \"" + text + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("port in \"" + text + "\" must be between 0 and 65535");
        }
        if (host.isBlank()) {
            throw new ConfigException("host in \"" + text + "\" is empty");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
