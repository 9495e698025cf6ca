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
 */
public record ClientOptions(Duration connectTimeout, Duration requestTimeout, int maxFrameBytes,
        Path trustedCertificatePem, boolean trustAll) {
    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        Frames.checkMaxFrameBytes(maxFrameBytes);
        if (trustAll && trustedCertificatePem != null) {
            throw new IllegalArgumentException("trustCertificatePem and insecureTrustAll exclude each other");
        }
    }

    /** The JVM's trust store for QUIC. */
    public ClientOptions(Duration connectTimeout, Duration requestTimeout, int maxFrameBytes) {
        this(connectTimeout, requestTimeout, maxFrameBytes, null, false);
    }

    /** Connect within 10 s, requests within 30 s, frames up to 16 MiB, QUIC trusting the JVM's trust store. */
    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), Frames.DEFAULT_MAX_FRAME_BYTES);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(timeout, requestTimeout, maxFrameBytes, trustedCertificatePem, trustAll);
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxFrameBytes, trustedCertificatePem, trustAll);
    }

    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(connectTimeout, requestTimeout, bytes, trustedCertificatePem, trustAll);
    }

    /** QUIC: trust the certificate(s) in this PEM file (the broker's self-signed one, or its CA), not the JVM's store. */
    public ClientOptions trustCertificatePem(Path pem) {
        return new ClientOptions(connectTimeout, requestTimeout, maxFrameBytes, Objects.requireNonNull(pem, "pem"),
                false);
    }

    /** QUIC: accept any certificate without verification. Development and tests only: anyone can impersonate the broker. */
    public ClientOptions insecureTrustAll() {
        return new ClientOptions(connectTimeout, requestTimeout, maxFrameBytes, null, true);
    }
}
