package dev.rustmq.storage.object;

import dev.rustmq.common.Backoff;
import dev.rustmq.common.Time;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Retries what may succeed later (network errors, 5xx) with exponential back-off and jitter,
 * bounded by {@link RetryPolicy}; passes on what cannot (a missing key, no permission) at once.
 * Throttling (S3 503 SlowDown, 429) does not fail a call: it halves how many writes (or reads)
 * this store lets run at once, shared by all callers, and the call waits and tries again within
 * the policy's time bound. Every store call is safe to repeat: puts replace whole objects and
 * deleting a missing key is not an error.
 */
public final class RetryingObjectStore implements ObjectStore {
    private static final Logger LOG = Logger.getLogger(RetryingObjectStore.class.getName());
    /** Reads are bounded too, so a throttled store sees fewer GETs; the ceiling is generous. */
    static final int MAX_CONCURRENT_READS = 64;

    private final ObjectStore delegate;
    private final RetryPolicy policy;
    private final Backoff backoff;
    private final Time time;
    private final AdaptiveLimit writes;
    private final AdaptiveLimit reads;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    private volatile RetryListener retryListener = RetryListener.NONE;

    public RetryingObjectStore(ObjectStore delegate, RetryPolicy policy, int maxConcurrentWrites) {
        this(delegate, policy, maxConcurrentWrites, Time.SYSTEM, Backoff.THREAD_LOCAL_RANDOM);
    }

    RetryingObjectStore(ObjectStore delegate, RetryPolicy policy, int maxConcurrentWrites, Time time,
                        RandomGenerator random) {
        this.delegate = delegate;
        this.policy = policy;
        this.backoff = backoff(policy, random);
        this.time = time;
        this.writes = new AdaptiveLimit(maxConcurrentWrites);
        this.reads = new AdaptiveLimit(Math.max(MAX_CONCURRENT_READS, maxConcurrentWrites));
    }

    /**
     * Errors get full jitter (uniform in [0, ceiling]): callers that failed together spread out
     * instead of returning together. Throttling gets at least half the ceiling, so a store that
     * said "slow down" always sees a pause.
     */
    static Backoff backoff(RetryPolicy policy, RandomGenerator random) {
        Backoff errors = Backoff.exponential(policy.baseDelayMs(), policy.maxDelayMs()).withJitter(0, 1, random);
        return errors.whenThrottled(errors.withJitter(0.5, 1, random));
    }

    @Override
    public void put(String key, ByteBuffer data) {
        call("put", key, writes, () -> {
            delegate.put(key, data);
            return null;
        });
    }

    @Override
    public ByteBuffer get(String key) {
        return call("get", key, reads, () -> delegate.get(key));
    }

    @Override
    public ByteBuffer getRange(String key, long offset, int length) {
        return call("getRange", key, reads, () -> delegate.getRange(key, offset, length));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return call("list", prefix, reads, () -> delegate.list(prefix));
    }

    @Override
    public void delete(String key) {
        call("delete", key, writes, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Tells {@code listener} of every retry from now on (one listener: the tiered storage's upload
     * metrics, registered once the store it was opened with reaches it).
     */
    public void retryListener(RetryListener listener) {
        this.retryListener = listener;
    }

    /** Tries that failed and were tried again, since start. */
    public long retries() {
        return retries.get();
    }

    /** Tries the store throttled, since start. */
    public long throttles() {
        return throttles.get();
    }

    /** How many writes may run at once now (lowered by throttling, at most max_concurrent_uploads). */
    public int writeLimit() {
        return writes.limit();
    }

    /** Writes waiting for a permit (a throttled store shows up here first). */
    public int writesWaiting() {
        return writes.waiting();
    }

    public int readLimit() {
        return reads.limit();
    }

    public ObjectStore delegate() {
        return delegate;
    }

    private <T> T call(String op, String key, AdaptiveLimit limit, Supplier<T> attempt) {
        long start = time.nanoseconds();
        int failures = 0;
        int errors = 0;
        while (true) {
            ObjectStoreException failure;
            acquire(limit, op, key);
            try {
                T result = attempt.get();
                limit.release(false);
                return result;
            } catch (ObjectStoreException e) {
                if (e.throttled()) {
                    throttles.incrementAndGet();
                    limit.release(true);
                } else {
                    limit.releaseUnchanged();
                }
                failure = e;
            } catch (RuntimeException | Error e) {
                limit.releaseUnchanged();
                throw e;
            }
            if (!failure.retriable()) {
                throw failure;
            }
            failures++;
            if (!failure.throttled()) {
                errors++;
            }
            long delay = backoff.delayMs(failures, failure.throttled());
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - start);
            if (errors >= policy.maxAttempts() || elapsedMs + delay > policy.timeoutMs()) {
                throw givenUp(op, key, failures, elapsedMs, failure);
            }
            retries.incrementAndGet();
            retryListener.retried(op, failure.throttled());
            int next = failures + 1;
            ObjectStoreException last = failure;
            LOG.log(last.throttled() ? Level.FINE : Level.INFO, () -> op + " '" + key + "' on "
                    + delegate.describe() + " failed (" + last.getMessage() + "); try " + next + " in " + delay + " ms");
            pause(delay, op, key, failure);
        }
    }

    private void acquire(AdaptiveLimit limit, String op, String key) {
        try {
            limit.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObjectStoreException.permanent(op + " '" + key + "' interrupted while waiting its turn", e);
        }
    }

    private void pause(long delayMs, String op, String key, ObjectStoreException failure) {
        try {
            time.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObjectStoreException.permanent(op + " '" + key + "' interrupted while waiting to retry: "
                    + failure.getMessage(), failure);
        }
    }

    private ObjectStoreException givenUp(String op, String key, int tries, long elapsedMs, ObjectStoreException last) {
        String message = op + " '" + key + "' on " + delegate.describe() + " failed " + tries + " times in "
                + elapsedMs + " ms (" + (last.throttled() ? "throttled" : "retriable") + "), giving up: "
                + last.getMessage();
        LOG.warning(message);
        return new ObjectStoreException(message, true, last.throttled(), last);
    }
}
