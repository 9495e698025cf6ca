package dev.rustmq.client.producer;

import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads a {@link ProducerConfig} from Kafka-style string properties. */
final class ProducerProperties {
    /** Kafka keys that make sense for a Kafka producer but are settled elsewhere here. */
    static final Set<String> IGNORED = Set.of("bootstrap.servers", "client.id", "key.serializer", "value.serializer");

    static final Set<String> KNOWN = Set.of(ProducerConfig.LINGER_MS, ProducerConfig.BATCH_SIZE,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, ProducerConfig.RETRIES,
            ProducerConfig.RETRY_BACKOFF_MS, ProducerConfig.RETRY_BACKOFF_MAX_MS, ProducerConfig.DELIVERY_TIMEOUT_MS,
            ProducerConfig.REQUEST_TIMEOUT_MS, ProducerConfig.ACKS, ProducerConfig.COMPRESSION_TYPE,
            ProducerConfig.BUFFER_MEMORY, ProducerConfig.MAX_BLOCK_MS, ProducerConfig.MAX_REQUEST_SIZE,
            ProducerConfig.METADATA_MAX_AGE_MS, ProducerConfig.ENABLE_IDEMPOTENCE);

    private ProducerProperties() {
    }

    static ProducerConfig parse(Map<String, String> properties) {
        ProducerConfig.Builder b = ProducerConfig.builder();
        properties.forEach((rawKey, rawValue) -> {
            String key = rawKey == null ? "null" : rawKey.trim();
            if (IGNORED.contains(key)) {
                return;
            }
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown producer property '" + key + "'; known: "
                        + new TreeSet<>(KNOWN) + " (ignored: " + new TreeSet<>(IGNORED) + ")");
            }
            if (rawValue == null) {
                throw new IllegalArgumentException(key + ": no value");
            }
            String value = rawValue.trim();
            switch (key) {
                case ProducerConfig.LINGER_MS -> b.lingerMs(longValue(key, value));
                case ProducerConfig.BATCH_SIZE -> b.batchSize(intValue(key, value));
                case ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION ->
                        b.maxInFlightRequestsPerConnection(intValue(key, value));
                case ProducerConfig.RETRIES -> b.retries(intValue(key, value));
                case ProducerConfig.RETRY_BACKOFF_MS -> b.retryBackoffMs(longValue(key, value));
                case ProducerConfig.RETRY_BACKOFF_MAX_MS -> b.retryBackoffMaxMs(longValue(key, value));
                case ProducerConfig.DELIVERY_TIMEOUT_MS -> b.deliveryTimeoutMs(intValue(key, value));
                case ProducerConfig.REQUEST_TIMEOUT_MS -> b.requestTimeoutMs(intValue(key, value));
                case ProducerConfig.ACKS -> b.acks(acks(value));
                case ProducerConfig.COMPRESSION_TYPE -> b.compressionType(compression(value));
                case ProducerConfig.BUFFER_MEMORY -> b.bufferMemory(longValue(key, value));
                case ProducerConfig.MAX_BLOCK_MS -> b.maxBlockMs(longValue(key, value));
                case ProducerConfig.MAX_REQUEST_SIZE -> b.maxRequestSize(intValue(key, value));
                case ProducerConfig.METADATA_MAX_AGE_MS -> b.metadataMaxAgeMs(longValue(key, value));
                case ProducerConfig.ENABLE_IDEMPOTENCE -> b.enableIdempotence(booleanValue(key, value));
                default -> throw new IllegalStateException("known but not parsed: " + key);
            }
        });
        return b.build();
    }

    /** Kafka spells acks all, -1, 1 and 0; RustMQ's CLI also says leader and none. */
    static Acks acks(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "all", "-1" -> Acks.ALL;
            case "1", "leader" -> Acks.LEADER;
            case "0", "none" -> Acks.NONE;
            default -> throw new IllegalArgumentException(ProducerConfig.ACKS + ": '" + value
                    + "' is not one of all, -1, 1, 0");
        };
    }

    static CompressionType compression(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> CompressionType.NONE;
            case "lz4" -> CompressionType.LZ4;
            case "zstd" -> CompressionType.ZSTD;
            case "gzip", "snappy" -> throw new IllegalArgumentException(ProducerConfig.COMPRESSION_TYPE + ": '" + value
                    + "' is not supported by RustMQ batches; use none, lz4 or zstd");
            default -> throw new IllegalArgumentException(ProducerConfig.COMPRESSION_TYPE + ": '" + value
                    + "' is not one of none, lz4, zstd");
        };
    }

    private static boolean booleanValue(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
        };
    }

    private static int intValue(String key, String value) {
        long parsed = longValue(key, value);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ": '" + value + "' is out of range for an int");
        }
        return (int) parsed;
    }

    private static long longValue(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number", e);
        }
    }
}
