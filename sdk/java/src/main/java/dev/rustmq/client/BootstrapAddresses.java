package dev.rustmq.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The brokers a client may start from: {@code tcp://h1:9092,h2:9092,h3} or {@code quic://…} (port
 * 9092 when none is given). One scheme for all: later entries may repeat it or leave it out.
 */
record BootstrapAddresses(String scheme, List<InetSocketAddress> addresses) {
    static final int DEFAULT_PORT = 9092;

    BootstrapAddresses {
        addresses = List.copyOf(addresses);
    }

    static BootstrapAddresses parse(String url) {
        String[] parts = url.split(",");
        String scheme = null;
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String raw : parts) {
            String part = raw.trim();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty broker address in " + url);
            }
            if (!part.contains("://")) {
                if (scheme == null) {
                    throw new IllegalArgumentException("not a broker URL (tcp://host:port or quic://host:port): " + url);
                }
                part = scheme + "://" + part;
            }
            URI uri = parseOne(part, url);
            String s = uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null) {
                scheme = s;
            } else if (!scheme.equals(s)) {
                throw new IllegalArgumentException("one scheme for all brokers in " + url + ": " + scheme + " and " + s);
            }
            addresses.add(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort()));
        }
        return new BootstrapAddresses(scheme, addresses);
    }

    boolean quic() {
        return scheme.equals("quic");
    }

    private static URI parseOne(String part, String whole) {
        URI uri;
        try {
            uri = new URI(part);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a broker URL (tcp://host:port or quic://host:port): " + whole, e);
        }
        String scheme = uri.getScheme();
        if (!"tcp".equalsIgnoreCase(scheme) && !"quic".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("unsupported scheme in " + whole
                    + "; use tcp://host:port or quic://host:port");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + part + "; use tcp://host:port or quic://host:port");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("a broker URL has no path or query: " + part);
        }
        return uri;
    }
}
