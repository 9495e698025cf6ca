package dev.rustmq.client.producer;

import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link Producer}, named and defaulted as Kafka's producer configs (Kafka 4.0
 * defaults; the table with their meaning is in docs/client.md, "Producer"). Build one with {@link
 * #builder()}, or from Kafka-style string properties with {@link #fromProperties(Map)}. Invalid
 * values are an {@link IllegalArgumentException} naming the Kafka key.
 *
 * @param lingerMs {@code linger.ms}: how long a batch that is not full waits for more records
 * @param batchSize {@code batch.size}: bytes of records (uncompressed) per batch; a larger record
 *     gets a batch of its own; 0 sends every record in its own batch
 * @param maxInFlightRequestsPerConnection {@code max.in.flight.requests.per.connection}: produce
 *     requests sent and not yet answered, at most (and at most one per partition: see docs)
 * @param retries {@code retries}: how often a batch is sent again after a retriable error
 * @param retryBackoffMs {@code retry.backoff.ms}: the wait before the first retry
 * @param retryBackoffMaxMs {@code retry.backoff.max.ms}: the longest wait; waits double per attempt up to it
 * @param deliveryTimeoutMs {@code delivery.timeout.ms}: time from {@code send} to success or
 *     failure, retries included; at least {@code linger.ms + request.timeout.ms} (left unset in the
 *     builder it is 120 s, or that sum if larger)
 * @param requestTimeoutMs {@code request.timeout.ms}: how long the broker may wait for the acks of
 *     one produce request
 * @param acks {@code acks}: {@code all} / {@code -1}, {@code 1}, {@code 0}
 * @param compressionType {@code compression.type}: {@code none}, {@code lz4}, {@code zstd}
 * @param bufferMemory {@code buffer.memory}: bytes of records waiting to be sent or acknowledged, at most
 * @param maxBlockMs {@code max.block.ms}: how long {@code send} may block for topic metadata and buffer memory
 * @param maxRequestSize {@code max.request.size}: the largest produce request (so the largest
 *     record) in bytes
 * @param metadataMaxAgeMs {@code metadata.max.age.ms}: partition counts are looked up again after this long
 * @param enableIdempotence {@code enable.idempotence}: batches carry a producer id and sequence
 *     numbers, so the broker writes a retried batch once (docs/client.md, "Idempotence"); left
 *     unset in the builder it is on when {@code acks=all}, {@code retries > 0} and at most 5
 *     requests in flight, as Kafka
 */
public record ProducerConfig(long lingerMs, int batchSize, int maxInFlightRequestsPerConnection, int retries,
        long retryBackoffMs, long retryBackoffMaxMs, int deliveryTimeoutMs, int requestTimeoutMs, Acks acks,
        CompressionType compressionType, long bufferMemory, long maxBlockMs, int maxRequestSize,
        long metadataMaxAgeMs, boolean enableIdempotence) {
    public static final String LINGER_MS = "linger.ms";
    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String ACKS = "acks";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    /** Kafka's bound: the broker keeps this many batches per producer and partition for retries. */
    static final int MAX_IN_FLIGHT_WITH_IDEMPOTENCE = 5;

    public ProducerConfig {
        Objects.requireNonNull(acks, ACKS);
        Objects.requireNonNull(compressionType, COMPRESSION_TYPE);
        atLeast(LINGER_MS, lingerMs, 0);
        atLeast(BATCH_SIZE, batchSize, 0);
        atLeast(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlightRequestsPerConnection, 1);
        atLeast(RETRIES, retries, 0);
        atLeast(RETRY_BACKOFF_MS, retryBackoffMs, 0);
        atLeast(RETRY_BACKOFF_MAX_MS, retryBackoffMaxMs, 0);
        atLeast(REQUEST_TIMEOUT_MS, requestTimeoutMs, 0);
        atLeast(BUFFER_MEMORY, bufferMemory, 1);
        atLeast(MAX_BLOCK_MS, maxBlockMs, 0);
        atLeast(MAX_REQUEST_SIZE, maxRequestSize, 1);
        atLeast(METADATA_MAX_AGE_MS, metadataMaxAgeMs, 0);
        if (enableIdempotence && (acks != Acks.ALL || retries == 0
                || maxInFlightRequestsPerConnection > MAX_IN_FLIGHT_WITH_IDEMPOTENCE)) {
            throw new IllegalArgumentException(ENABLE_IDEMPOTENCE + "=true needs " + ACKS + "=all (got " + acks + "), "
                    + RETRIES + " > 0 (got " + retries + ") and " + MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION + " <= "
                    + MAX_IN_FLIGHT_WITH_IDEMPOTENCE + " (got " + maxInFlightRequestsPerConnection + "); set "
                    + ENABLE_IDEMPOTENCE + "=false to send without it");
        }
        // As Kafka: a batch may wait linger.ms and then its request request.timeout.ms; delivery must allow both.
        if ((long) deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
            throw new IllegalArgumentException(DELIVERY_TIMEOUT_MS + " should be equal to or larger than "
                    + LINGER_MS + " + " + REQUEST_TIMEOUT_MS + " (" + lingerMs + " + " + requestTimeoutMs + "), got "
                    + deliveryTimeoutMs);
        }
    }

    /** Kafka's defaults. */
    public static ProducerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Settings from Kafka-style properties ({@code "linger.ms" -> "10"}); keys not given keep their
     * defaults. {@code bootstrap.servers}, {@code client.id}, {@code key.serializer} and {@code
     * value.serializer} are accepted and ignored (the connection is given separately, keys and
     * values are bytes); any other unknown key is an error.
     *
     * @throws IllegalArgumentException naming the key and value that are unknown, malformed or out of range
     */
    public static ProducerConfig fromProperties(Map<String, String> properties) {
        return ProducerProperties.parse(properties);
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    /** Mutable settings with Kafka's defaults; {@link #build()} checks them. */
    public static final class Builder {
        private long lingerMs = 5;
        private int batchSize = 16_384;
        private int maxInFlightRequestsPerConnection = 5;
        private int retries = Integer.MAX_VALUE;
        private long retryBackoffMs = 100;
        private long retryBackoffMaxMs = 1_000;
        /** Null until set: then at least linger.ms + request.timeout.ms (as Kafka does when it is not configured). */
        private Integer deliveryTimeoutMs;
        private int requestTimeoutMs = 30_000;
        private Acks acks = Acks.ALL;
        private CompressionType compressionType = CompressionType.NONE;
        private long bufferMemory = 32L * 1024 * 1024;
        private long maxBlockMs = 60_000;
        private int maxRequestSize = 1024 * 1024;
        private long metadataMaxAgeMs = 300_000;
        /** Null until set: then on when the other settings allow it (Kafka's implicit default). */
        private Boolean enableIdempotence;

        private Builder() {
        }

        private Builder(ProducerConfig c) {
            lingerMs = c.lingerMs;
            batchSize = c.batchSize;
            maxInFlightRequestsPerConnection = c.maxInFlightRequestsPerConnection;
            retries = c.retries;
            retryBackoffMs = c.retryBackoffMs;
            retryBackoffMaxMs = c.retryBackoffMaxMs;
            deliveryTimeoutMs = c.deliveryTimeoutMs;
            requestTimeoutMs = c.requestTimeoutMs;
            acks = c.acks;
            compressionType = c.compressionType;
            bufferMemory = c.bufferMemory;
            maxBlockMs = c.maxBlockMs;
            maxRequestSize = c.maxRequestSize;
            metadataMaxAgeMs = c.metadataMaxAgeMs;
            enableIdempotence = c.enableIdempotence;
        }

        public Builder lingerMs(long value) {
            lingerMs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder maxInFlightRequestsPerConnection(int value) {
            maxInFlightRequestsPerConnection = value;
            return this;
        }

        public Builder retries(int value) {
            retries = value;
            return this;
        }

        public Builder retryBackoffMs(long value) {
            retryBackoffMs = value;
            return this;
        }

        public Builder retryBackoffMaxMs(long value) {
            retryBackoffMaxMs = value;
            return this;
        }

        public Builder deliveryTimeoutMs(int value) {
            deliveryTimeoutMs = value;
            return this;
        }

        public Builder requestTimeoutMs(int value) {
            requestTimeoutMs = value;
            return this;
        }

        public Builder acks(Acks value) {
            acks = value;
            return this;
        }

        public Builder compressionType(CompressionType value) {
            compressionType = value;
            return this;
        }

        public Builder bufferMemory(long value) {
            bufferMemory = value;
            return this;
        }

        public Builder maxBlockMs(long value) {
            maxBlockMs = value;
            return this;
        }

        public Builder maxRequestSize(int value) {
            maxRequestSize = value;
            return this;
        }

        public Builder metadataMaxAgeMs(long value) {
            metadataMaxAgeMs = value;
            return this;
        }

        public Builder enableIdempotence(boolean value) {
            enableIdempotence = value;
            return this;
        }

        public ProducerConfig build() {
            int delivery = deliveryTimeoutMs != null ? deliveryTimeoutMs
                    : (int) Math.min(Integer.MAX_VALUE, Math.max(120_000L, lingerMs + requestTimeoutMs));
            boolean idempotence = enableIdempotence != null ? enableIdempotence
                    : acks == Acks.ALL && retries > 0 && maxInFlightRequestsPerConnection <= MAX_IN_FLIGHT_WITH_IDEMPOTENCE;
            return new ProducerConfig(lingerMs, batchSize, maxInFlightRequestsPerConnection, retries, retryBackoffMs,
                    retryBackoffMaxMs, delivery, requestTimeoutMs, acks, compressionType, bufferMemory,
                    maxBlockMs, maxRequestSize, metadataMaxAgeMs, idempotence);
        }
    }
}
