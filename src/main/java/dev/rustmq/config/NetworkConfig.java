package dev.rustmq.config;

/**
 * {@code [network]}: the broker's listeners and connection limits. The client data port
 * ({@code quic_listen}) serves QUIC on UDP and TCP on the same host and port.
 *
 * @param maxFrameBytes largest protocol frame a connection accepts (bytes after the length prefix)
 * @param maxMessageBytes largest record batch a produce may carry when its topic sets no
 *     {@code max_message_bytes}
 */
public record NetworkConfig(HostPort quicListen, HostPort rpcListen, int maxConnections, long connectionTimeoutMs,
                            int maxFrameBytes, int maxMessageBytes) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    /** With the default frame and message limits. */
    public NetworkConfig(HostPort quicListen, HostPort rpcListen, int maxConnections, long connectionTimeoutMs) {
        this(quicListen, rpcListen, maxConnections, connectionTimeoutMs, DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_MAX_MESSAGE_BYTES);
    }
}
