package dev.rustmq.client;

import dev.rustmq.protocol.Frames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RustMqClient}.
 *
 * @param connectTimeout how long connecting may take (QUIC: including the TLS handshake)
 * @param requestTimeout how long a request may wait for its response (a fetch: plus its long-poll time)
 * @param maxFrameBytes the largest frame this client writes or accepts; give it at least the fetch
 *     {@code maxBytes} plus a few KiB
 * @param trustedCertificatePem QUIC only: a PEM file of the certificate(s) (the broker's own or
 *     its CA) to trust instead of the JVM's trust store; null: the JVM's trust store
 * @param trustAll QUIC only: accept any broker certificate, without verification (development and
 *     tests only; logged as a warning)
 * @param reconnectBackoff after a failed attempt to reconnect, requests fail at once with that
 *     failure for this long before the next attempt (Kafka's {@code reconnect.backoff.ms})
 */
public record ClientOptions(Duration connectTimeout, Duration requestTimeout, int maxFrameBytes,
        Path trustedCertificatePem, boolean trustAll, Duration reconnectBackoff) {
    public static final Duration DEFAULT_RECONNECT_BACKOFF = Duration.ofMillis(50);

    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (reconnectBackoff.isNegative()) {
            throw new IllegalArgumentException("reconnectBackoff must be >= 0: " + reconnectBackoff);
        }
        Frames.checkMaxFrameBytes(maxFrameBytes);
        if (trustAll && trustedCertificatePem != null) {
            throw new IllegalArgumentException("trustCertificatePem and insecureTrustAll exclude each other");
        }
    }

    /** The default reconnect back-off. */
    public ClientOptions(Duration connectTimeout, Duration requestTimeout, int maxFrameBytes,
            Path trustedCertificatePem, boolean trustAll) {
        this(connectTimeout, requestTimeout, maxFrameBytes, trustedCertificatePem, trustAll,
                DEFAULT_RECONNECT_BACKOFF);
    }

    /** The JVM's trust store for QUIC. */
    public ClientOptions(Duration connectTimeout, Duration requestTimeout, int maxFrameBytes) {
        this(connectTimeout, requestTimeout, maxFrameBytes, null, false);
    }

    /**
     * Connect within 10 s, requests within 30 s, frames up to 16 MiB, QUIC trusting the JVM's trust
     * store, reconnect attempts at least 50 ms apart.
     */
    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), Frames.DEFAULT_MAX_FRAME_BYTES);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(timeout, requestTimeout, maxFrameBytes, trustedCertificatePem, trustAll,
                reconnectBackoff);
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxFrameBytes, trustedCertificatePem, trustAll,
                reconnectBackoff);
    }

    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(connectTimeout, requestTimeout, bytes, trustedCertificatePem, trustAll,
                reconnectBackoff);
    }

    public ClientOptions withReconnectBackoff(Duration backoff) {
        return new ClientOptions(connectTimeout, requestTimeout, maxFrameBytes, trustedCertificatePem, trustAll,
                backoff);
    }

    /** QUIC: trust the certificate(s) in this PEM file (the broker's self-signed one, or its CA), not the JVM's store. */
    public ClientOptions trustCertificatePem(Path pem) {
        return new ClientOptions(connectTimeout, requestTimeout, maxFrameBytes, Objects.requireNonNull(pem, "pem"),
                false, reconnectBackoff);
    }

    /** QUIC: accept any certificate without verification. Development and tests only: anyone can impersonate the broker. */
    public ClientOptions insecureTrustAll() {
        return new ClientOptions(connectTimeout, requestTimeout, maxFrameBytes, null, true, reconnectBackoff);
    }
}
