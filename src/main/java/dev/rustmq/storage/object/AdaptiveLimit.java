package dev.rustmq.storage.object;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many calls of one kind may be in flight, shared by every caller of a store. Throttling
 * halves it (down to one); each success adds 1/limit, so it grows back by one per round of
 * successful calls (additive increase, multiplicative decrease, as TCP does with its window).
 */
final class AdaptiveLimit {
    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private double limit;
    private int inFlight;
    private int waiting;

    AdaptiveLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + max);
        }
        this.max = max;
        this.limit = max;
    }

    void acquire() throws InterruptedException {
        lock.lock();
        try {
            waiting++;
            try {
                while (inFlight >= (int) limit) {
                    released.await();
                }
            } finally {
                waiting--;
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a call acquired before; {@code throttled} says the store asked us to slow down. */
    void release(boolean throttled) {
        lock.lock();
        try {
            inFlight--;
            limit = throttled ? Math.max(1, limit / 2) : Math.min(max, limit + 1 / limit);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A call that failed for another reason leaves the limit as it was. */
    void releaseUnchanged() {
        lock.lock();
        try {
            inFlight--;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int limit() {
        lock.lock();
        try {
            return (int) limit;
        } finally {
            lock.unlock();
        }
    }

    /** Callers blocked in {@link #acquire}. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
