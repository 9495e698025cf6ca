package dev.rustmq.cli;

import dev.rustmq.client.ClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Where and how the CLI connects: a {@code --bootstrap} value and the QUIC trust options turned
 * into a client URL and {@link ClientOptions}. A bare {@code host:port} means TCP: it works with
 * no set-up, whereas QUIC needs TLS trust and a broker's default certificate is self-signed.
 */
record Bootstrap(String url, ClientOptions options) {
    static final String DEFAULT = "127.0.0.1:9092";
    static final String TCP = "tcp://";
    static final String QUIC = "quic://";

    /**
     * @param bootstrap {@code host:port}, {@code tcp://host:port} or {@code quic://host:port}; null or blank: the default
     * @param trustCert {@code --tls-trust-cert}, or null
     * @param insecure {@code --tls-insecure}
     * @throws CliException (usage) for another scheme, or trust options that do not fit
     */
    static Bootstrap of(String bootstrap, Path trustCert, boolean insecure) {
        String url = url(bootstrap);
        if (!url.startsWith(TCP) && !url.startsWith(QUIC)) {
            throw usage("--bootstrap " + bootstrap + ": use host:port (TCP), tcp://host:port or quic://host:port");
        }
        ClientOptions options = ClientOptions.defaults();
        if (url.startsWith(QUIC)) {
            if (trustCert != null && insecure) {
                throw usage("--tls-trust-cert and --tls-insecure exclude each other");
            }
            if (trustCert != null) {
                if (!Files.isRegularFile(trustCert) || !Files.isReadable(trustCert)) {
                    throw usage("--tls-trust-cert " + trustCert + ": no such readable file");
                }
                options = options.trustCertificatePem(trustCert);
            } else if (insecure) {
                options = options.insecureTrustAll();
            }
        } else if (trustCert != null || insecure) {
            // Refused rather than ignored: whoever gives them may believe the TCP connection is encrypted.
            throw usage((trustCert != null ? "--tls-trust-cert" : "--tls-insecure") + " applies to QUIC only, and "
                    + url + " is TCP (unencrypted); use --bootstrap quic://host:port");
        }
        return new Bootstrap(url, options);
    }

    /** The client URL: a bare {@code host:port} becomes {@code tcp://host:port}; another scheme stays as given. */
    static String url(String bootstrap) {
        String b = bootstrap == null || bootstrap.isBlank() ? DEFAULT : bootstrap.trim();
        String lower = b.toLowerCase(Locale.ROOT);
        if (lower.startsWith(TCP)) {
            return TCP + b.substring(TCP.length());
        }
        if (lower.startsWith(QUIC)) {
            return QUIC + b.substring(QUIC.length());
        }
        return b.contains("://") ? b : TCP + b;
    }

    /** How messages name the broker: {@code host:port} for TCP (as given most often), the whole URL for QUIC. */
    static String display(String url) {
        return url.startsWith(TCP) ? url.substring(TCP.length()) : url;
    }

    private static CliException usage(String message) {
        return new CliException(CommandLine.ExitCode.USAGE, message);
    }
}
