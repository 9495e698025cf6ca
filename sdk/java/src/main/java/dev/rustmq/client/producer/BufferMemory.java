package dev.rustmq.client.producer;

import dev.rustmq.common.Time;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code buffer.memory}: the bytes of records a producer holds (waiting in batches or in flight).
 * {@link #reserve} blocks while there is not enough, first come first served so a large record is
 * not starved by small ones, until its deadline; the sender gives bytes back as batches complete.
 */
final class BufferMemory {
    private final long total;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Condition> waiters = new ArrayDeque<>();
    private long available;
    private boolean closed;

    BufferMemory(long total, Time time) {
        this.total = total;
        this.available = total;
        this.time = time;
    }

    long total() {
        return total;
    }

    /**
     * Takes {@code bytes} (at most {@link #total()}), waiting until {@code deadlineNanos} ({@link
     * Time#nanoseconds()}) for them.
     *
     * @throws BufferExhaustedException if the deadline passes first
     * @throws IllegalStateException if the producer closes meanwhile
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void reserve(long bytes, long deadlineNanos) throws InterruptedException {
        if (bytes > total) {
            throw new IllegalArgumentException(bytes + " bytes is more than buffer.memory " + total);
        }
        lock.lock();
        try {
            checkOpen();
            if (waiters.isEmpty() && available >= bytes) {
                available -= bytes;
                return;
            }
            Condition turn = lock.newCondition();
            waiters.addLast(turn);
            try {
                while (waiters.peekFirst() != turn || available < bytes) {
                    long remaining = deadlineNanos - time.nanoseconds();
                    if (remaining <= 0) {
                        throw new BufferExhaustedException("no room for a record of " + bytes + " bytes in buffer.memory ("
                                + total + " bytes, " + available + " free) within max.block.ms: records are sent "
                                + "faster than the broker acknowledges them");
                    }
                    time.awaitNanos(turn, remaining);
                    checkOpen();
                }
                available -= bytes;
            } finally {
                waiters.remove(turn);
                Condition next = waiters.peekFirst();
                if (next != null) {
                    next.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            available += bytes;
            Condition next = waiters.peekFirst();
            if (next != null) {
                next.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a send waits for memory: then the sender sends every batch at once, linger or not, to free some. */
    boolean hasWaiters() {
        lock.lock();
        try {
            return !waiters.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    long available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting send, which fails: nothing more will be appended. */
    void close() {
        lock.lock();
        try {
            closed = true;
            waiters.forEach(Condition::signal);
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the producer is closed");
        }
    }
}
