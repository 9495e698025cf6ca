package dev.rustmq.client.producer;

/**
 * Where a sent record was stored: its topic, partition and offset ({@code -1} with {@code acks=0},
 * as Kafka), and its timestamp (the record's own, or the time it was sent).
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {
    /** Whether the broker told the offset (it does unless {@code acks=0}). */
    public boolean hasOffset() {
        return offset >= 0;
    }
}
