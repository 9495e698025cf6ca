package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final RetryPolicy policy = new RetryPolicy(10, 100, 10_000, 60_000);

    @Test
    void theCeilingDoublesPerFailureUpToTheMaximum() {
        assertThat(policy.ceilingMs(1)).isEqualTo(100);
        assertThat(policy.ceilingMs(2)).isEqualTo(200);
        assertThat(policy.ceilingMs(7)).isEqualTo(6_400);
        assertThat(policy.ceilingMs(8)).isEqualTo(10_000);
        assertThat(policy.ceilingMs(1_000_000)).isEqualTo(10_000);
    }

    @Test
    void errorWaitsSpreadOverTheWholeRangeAndThrottleWaitsOverItsUpperHalf() {
        Backoff backoff = new Backoff(policy, new Random(7));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            long d = backoff.delayMs(3, false);
            assertThat(d).isBetween(0L, 400L);
            min = Math.min(min, d);
            max = Math.max(max, d);
            assertThat(backoff.delayMs(3, true)).isBetween(200L, 400L);
        }
        // Full jitter: callers that failed together do not come back together.
        assertThat(min).isLessThan(40);
        assertThat(max).isGreaterThan(360);
    }

    @Test
    void nonsensePoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, 100, 1_000, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, 1_000, 100, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
