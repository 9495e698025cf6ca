package dev.rustmq.config;

import java.nio.file.Path;

/**
 * {@code [network]}: the broker's listeners and connection limits. The client data port
 * ({@code quic_listen}) serves QUIC on UDP and TCP on the same host and port.
 *
 * @param maxFrameBytes largest protocol frame a connection accepts (bytes after the length prefix)
 * @param maxMessageBytes largest record batch a produce may carry when its topic sets no
 *     {@code max_message_bytes}
 * @param tlsCertPath the QUIC listener's PEM certificate chain, or null for a generated self-signed one
 * @param tlsKeyPath the PEM (PKCS#8) private key of {@code tlsCertPath}, or null
 */
public record NetworkConfig(HostPort quicListen, HostPort rpcListen, int maxConnections, long connectionTimeoutMs,
                            int maxFrameBytes, int maxMessageBytes, Path tlsCertPath, Path tlsKeyPath) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    /** With the default frame and message limits and no TLS files. */
    public NetworkConfig(HostPort quicListen, HostPort rpcListen, int maxConnections, long connectionTimeoutMs) {
        this(quicListen, rpcListen, maxConnections, connectionTimeoutMs, DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** Without TLS files (the QUIC listener generates a self-signed certificate). */
    public NetworkConfig(HostPort quicListen, HostPort rpcListen, int maxConnections, long connectionTimeoutMs,
                         int maxFrameBytes, int maxMessageBytes) {
        this(quicListen, rpcListen, maxConnections, connectionTimeoutMs, maxFrameBytes, maxMessageBytes, null, null);
    }

    /** True when both TLS files are configured. */
    public boolean hasTlsFiles() {
        return tlsCertPath != null && tlsKeyPath != null;
    }
}
