package dev.rustmq.client.producer;

/**
 * Counts since the producer started: records acknowledged by the broker, records whose send failed
 * for good, record sends repeated after a retriable error (a record retried twice counts twice),
 * and produce requests sent (one record batch each).
 */
public record ProducerMetrics(long recordsSent, long recordsFailed, long recordsRetried, long requestsSent) {
}
