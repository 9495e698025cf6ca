package dev.rustmq.storage.object;

import java.util.random.RandomGenerator;

/**
 * Waits between tries. Errors get full jitter (uniform in [0, ceiling]): callers that failed
 * together spread out instead of returning together. Throttling gets at least half the ceiling,
 * so a store that said "slow down" always sees a pause.
 */
final class Backoff {
    private final RetryPolicy policy;
    private final RandomGenerator random;

    Backoff(RetryPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    long delayMs(int failures, boolean throttled) {
        long ceiling = policy.ceilingMs(failures);
        long floor = throttled ? ceiling / 2 : 0;
        return floor + (long) (random.nextDouble() * (ceiling - floor + 1));
    }
}
