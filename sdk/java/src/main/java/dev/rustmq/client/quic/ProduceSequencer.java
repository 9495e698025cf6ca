package dev.rustmq.client.quic;

import dev.rustmq.common.TopicPartition;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets one produce request per partition onto the wire at a time, in the order they were sent.
 * QUIC streams are independent: of two produces in flight to one partition, the broker appends
 * whichever frame arrives whole first (a large batch loses to a small one sent after it), so
 * the next one waits for the previous one's answer. Confined to the connection's event loop.
 */
final class ProduceSequencer<T> {
    private final Map<TopicPartition, ArrayDeque<T>> waiting = new HashMap<>();

    /** Queues {@code request}; true if it may be sent now (nothing earlier for its partition is unanswered). */
    boolean admit(TopicPartition partition, T request) {
        ArrayDeque<T> queue = waiting.computeIfAbsent(partition, k -> new ArrayDeque<>());
        queue.add(request);
        return queue.size() == 1;
    }

    /**
     * {@code request} was answered, failed or timed out (also while still waiting); returns the
     * request that may now be sent, or null.
     */
    T finished(TopicPartition partition, T request) {
        ArrayDeque<T> queue = waiting.get(partition);
        if (queue == null) {
            return null;
        }
        boolean wasFirst = queue.peek() == request;
        queue.removeFirstOccurrence(request);
        if (queue.isEmpty()) {
            waiting.remove(partition);
            return null;
        }
        return wasFirst ? queue.peek() : null;
    }
}
