package dev.rustmq.client;

import java.util.Objects;

/**
 * Read one partition from {@code fetchOffset}: up to about {@code maxBytes} of whole batches. With
 * {@code timeoutMs > 0} the broker long-polls: it answers as soon as there is anything, or after
 * {@code timeoutMs} with nothing.
 */
public record FetchRequest(String topic, int partitionId, long fetchOffset, int maxBytes, int timeoutMs) {
    public FetchRequest {
        Objects.requireNonNull(topic, "topic");
        if (fetchOffset < 0 || maxBytes < 0 || timeoutMs < 0) {
            throw new IllegalArgumentException("fetchOffset, maxBytes and timeoutMs must be >= 0");
        }
    }
}
