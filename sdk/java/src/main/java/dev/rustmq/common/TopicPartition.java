package dev.rustmq.common;

/** One partition of one topic: the unit of ordering, leadership and storage. */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
