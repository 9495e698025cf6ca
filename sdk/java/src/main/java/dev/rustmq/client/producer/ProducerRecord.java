package dev.rustmq.client.producer;

import dev.rustmq.protocol.record.Header;
import dev.rustmq.protocol.record.Record;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record to send, as Kafka's {@code ProducerRecord}: a topic, optionally the partition (else the
 * key's hash or the sticky partition picks it), key and value (either may be null), optionally the
 * timestamp (else the time of {@link Producer#send}) and headers. Arrays are not copied: do not
 * change them after sending.
 */
public record ProducerRecord(String topic, Integer partition, Long timestamp, byte[] key, byte[] value,
        List<Header> headers) {
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0 (or null for the send time), got " + timestamp);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public ProducerRecord(String topic, Integer partition, byte[] key, byte[] value) {
        this(topic, partition, null, key, value, List.of());
    }

    public ProducerRecord(String topic, byte[] key, byte[] value) {
        this(topic, null, null, key, value, List.of());
    }

    public ProducerRecord(String topic, byte[] value) {
        this(topic, null, null, null, value, List.of());
    }

    /** The record as the batch format holds it; {@code nowMs} is its timestamp if it has none. */
    Record toRecord(long nowMs) {
        return new Record(timestamp == null ? nowMs : timestamp, key, value, headers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord other && topic.equals(other.topic) && Objects.equals(partition, other.partition)
                && Objects.equals(timestamp, other.timestamp) && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value) && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "ProducerRecord[topic=" + topic + ", partition=" + partition + ", timestamp=" + timestamp + ", key="
                + size(key) + ", value=" + size(value) + ", headers=" + headers + "]";
    }

    /** Sizes rather than contents: values can be megabytes of binary. */
    private static String size(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
