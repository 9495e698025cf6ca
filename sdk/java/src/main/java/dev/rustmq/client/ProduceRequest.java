package dev.rustmq.client;

import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import java.util.List;
import java.util.Objects;

/**
 * Records to append to one partition, sent as one record batch compressed with {@code compression}.
 *
 * @param timeoutMs how long the broker may wait for {@code acks}
 */
public record ProduceRequest(String topic, int partitionId, List<Record> records, Acks acks, int timeoutMs,
        CompressionType compression) {
    public ProduceRequest {
        Objects.requireNonNull(topic, "topic");
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a produce request needs at least one record");
        }
        Objects.requireNonNull(acks, "acks");
        Objects.requireNonNull(compression, "compression");
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must be >= 0: " + timeoutMs);
        }
    }

    /** Uncompressed. */
    public ProduceRequest(String topic, int partitionId, List<Record> records, Acks acks, int timeoutMs) {
        this(topic, partitionId, records, acks, timeoutMs, CompressionType.NONE);
    }
}
