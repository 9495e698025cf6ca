package dev.rustmq.storage.log;

import dev.rustmq.common.TopicPartition;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Long-polling fetches (consumers' and followers') parked until their partition gets new data.
 * Wake-ups come from the WAL writer thread ({@link LogManager#addAppendListener}), so they only
 * move the waiting work onto {@code executor}.
 */
public final class AppendWaiters {
    private final Map<TopicPartition, Set<Runnable>> waiting = new ConcurrentHashMap<>();
    private final Executor executor;

    public AppendWaiters(Executor executor) {
        this.executor = executor;
    }

    /** Parks {@code wakeUp} until data arrives for the partition; returns a handle to cancel it. */
    public Runnable park(TopicPartition partition, Runnable wakeUp) {
        waiting.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(wakeUp);
        return () -> remove(partition, wakeUp);
    }

    public void dataArrived(TopicPartition partition) {
        Set<Runnable> parked = waiting.remove(partition);
        if (parked != null) {
            for (Runnable r : parked) {
                executor.execute(r);
            }
        }
    }

    private void remove(TopicPartition partition, Runnable wakeUp) {
        waiting.computeIfPresent(partition, (p, set) -> {
            set.remove(wakeUp);
            return set.isEmpty() ? null : set;
        });
    }
}
