package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What a producer sent and what the broker acknowledged: per partition, offset to value. Thread-safe. */
final class AckLog {
    private final Map<Integer, Map<Long, String>> acked = new ConcurrentHashMap<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final AtomicLong count = new AtomicLong();
    private final List<String> conflicts = new CopyOnWriteArrayList<>();

    AckLog(int partitions) {
        for (int p = 0; p < partitions; p++) {
            acked.put(p, new ConcurrentSkipListMap<>());
        }
    }

    void sent(String value) {
        sent.add(value);
    }

    /** Called on the client's thread, where a throw would go unseen: conflicts are collected instead. */
    void acked(int partition, long offset, String value) {
        String before = acked.get(partition).putIfAbsent(offset, value);
        if (before != null) {
            conflicts.add("partition " + partition + " offset " + offset + " acknowledged twice: " + before + " and "
                    + value);
        }
        count.incrementAndGet();
    }

    /** Offsets acknowledged for two different records (must stay empty). */
    List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    long count() {
        return count.get();
    }

    Map<Long, String> partition(int partition) {
        return acked.get(partition);
    }

    boolean wasSent(String value) {
        return sent.contains(value);
    }

    /**
     * Checks {@code log}, a partition read back whole: every record acknowledged there is at its
     * offset with its value, and every record in it was sent and is there once.
     */
    void checkHeldIn(int partition, Map<Long, String> log) {
        Map<Long, String> acknowledged = acked.get(partition);
        assertThat(acknowledged).as("partition %d has acknowledged records", partition).isNotEmpty();
        for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
            assertThat(log.get(e.getKey())).as("partition %d offset %d (acknowledged)", partition, e.getKey())
                    .isEqualTo(e.getValue());
        }
        Set<String> values = new HashSet<>();
        for (Map.Entry<Long, String> e : log.entrySet()) {
            assertThat(values.add(e.getValue())).as("partition %d: %s at a second offset %d", partition,
                    e.getValue(), e.getKey()).isTrue();
            assertThat(wasSent(e.getValue())).as("partition %d offset %d holds a record that was sent", partition,
                    e.getKey()).isTrue();
        }
    }
}
