package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void nonsensePoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, 100, 1_000, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, 1_000, 100, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storeCallsBackOffWithFullJitterAndThrottledOnesWithAtLeastHalfTheCeiling() {
        var backoff = RetryingObjectStore.backoff(new RetryPolicy(10, 100, 10_000, 60_000), new Random(5));
        assertThat(backoff.ceilingMs(3)).isEqualTo(400);
        assertThat(backoff.ceilingMs(9)).isEqualTo(10_000);
        for (int i = 0; i < 500; i++) {
            assertThat(backoff.delayMs(3, false)).isBetween(0L, 400L);
            assertThat(backoff.delayMs(3, true)).isBetween(200L, 400L);
        }
    }
}
