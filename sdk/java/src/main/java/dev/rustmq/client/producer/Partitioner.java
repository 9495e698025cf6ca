package dev.rustmq.client.producer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks a record's partition: the record's own if it names one; else the key's ({@link
 * KeyPartitioner}, as Kafka); else the topic's sticky partition, which moves on to the next
 * partition (round-robin) each time a keyless record would have to open a new batch there. Keyless
 * records thus fill whole batches, one partition after another, instead of scattering single
 * records over every partition.
 */
final class Partitioner {
    private final ConcurrentMap<String, AtomicInteger> sticky = new ConcurrentHashMap<>();

    /** {@code numPartitions} > 0; an explicit partition is returned even if out of range (the caller checks). */
    int partition(ProducerRecord record, int numPartitions) {
        if (record.partition() != null) {
            return record.partition();
        }
        if (record.key() != null) {
            return KeyPartitioner.partition(record.key(), numPartitions);
        }
        return stickyPartition(record.topic(), numPartitions);
    }

    /** Whether {@link #partition} used the sticky partition for this record. */
    static boolean usesStickyPartition(ProducerRecord record) {
        return record.partition() == null && record.key() == null;
    }

    int stickyPartition(String topic, int numPartitions) {
        // A random start, so that many short-lived producers do not all begin on partition 0.
        AtomicInteger current = sticky.computeIfAbsent(topic,
                t -> new AtomicInteger(ThreadLocalRandom.current().nextInt(numPartitions)));
        return Math.floorMod(current.get(), numPartitions);
    }

    /**
     * A keyless record found no open batch on {@code previous}: move the topic's sticky partition to
     * the next one, unless another thread already did, and return it.
     */
    int onNewBatch(String topic, int numPartitions, int previous) {
        AtomicInteger current = sticky.computeIfAbsent(topic, t -> new AtomicInteger(previous));
        int seen = current.get();
        if (Math.floorMod(seen, numPartitions) == previous) {
            current.compareAndSet(seen, (previous + 1) % numPartitions);
        }
        return Math.floorMod(current.get(), numPartitions);
    }
}
