package dev.rustmq.client;

import dev.rustmq.protocol.Frames;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RustMqClient}.
 *
 * @param connectTimeout how long connecting may take
 * @param requestTimeout how long a request may wait for its response (a fetch: plus its long-poll time)
 * @param maxFrameBytes the largest frame this client writes or accepts; give it at least the fetch
 *     {@code maxBytes} plus a few KiB
 */
public record ClientOptions(Duration connectTimeout, Duration requestTimeout, int maxFrameBytes) {
    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        Frames.checkMaxFrameBytes(maxFrameBytes);
    }

    /** Connect within 10 s, requests within 30 s, frames up to 16 MiB. */
    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), Frames.DEFAULT_MAX_FRAME_BYTES);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(timeout, requestTimeout, maxFrameBytes);
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxFrameBytes);
    }

    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(connectTimeout, requestTimeout, bytes);
    }
}
