package dev.rustmq.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void theCeilingDoublesPerFailureUpToTheMaximum() {
        Backoff backoff = Backoff.exponential(100, 10_000);
        assertThat(backoff.ceilingMs(0)).isEqualTo(100);
        assertThat(backoff.ceilingMs(1)).isEqualTo(100);
        assertThat(backoff.ceilingMs(2)).isEqualTo(200);
        assertThat(backoff.ceilingMs(7)).isEqualTo(6_400);
        assertThat(backoff.ceilingMs(8)).isEqualTo(10_000);
        assertThat(backoff.ceilingMs(1_000_000)).isEqualTo(10_000);
        assertThat(Backoff.exponential(1, Long.MAX_VALUE).ceilingMs(Integer.MAX_VALUE)).isEqualTo(1L << 62);
    }

    @Test
    void withoutJitterEachWaitIsTheCeiling() {
        Backoff backoff = Backoff.exponential(100, 1_000);
        long[] expectedMs = {100, 200, 400, 800, 1_000, 1_000};
        for (int failures = 1; failures <= expectedMs.length; failures++) {
            assertThat(backoff.delayMs(failures)).isEqualTo(expectedMs[failures - 1]);
            assertThat(backoff.delayNanos(failures)).isEqualTo(expectedMs[failures - 1] * 1_000_000);
        }
    }

    @Test
    void aThrottlingFailureCanFollowABackoffOfItsOwn() {
        Backoff backoff = Backoff.exponential(100, 1_000).whenThrottled(Backoff.exponential(1_000, 1_000));
        assertThat(backoff.delayMs(1, false)).isEqualTo(100);
        assertThat(backoff.delayMs(1, true)).isEqualTo(1_000);
        assertThat(backoff.delayMs(3, true)).isEqualTo(1_000);
        assertThat(Backoff.exponential(100, 1_000).delayMs(1, true)).as("no throttled back-off of its own")
                .isEqualTo(100);
    }

    @Test
    void fullJitterSpreadsWaitsOverTheWholeRangeAndThrottledOnesOverItsUpperHalf() {
        Random random = new Random(7);
        Backoff errors = Backoff.exponential(100, 10_000).withJitter(0, 1, random);
        Backoff backoff = errors.whenThrottled(errors.withJitter(0.5, 1, random));
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
    void proportionalJitterKeepsEachWaitWithinItsShareOfTheCeiling() {
        Backoff backoff = Backoff.exponential(100, 1_000).withJitter(0.8, 1.2, new Random(11));
        long[] expectedMs = {100, 200, 400, 800, 1_000, 1_000};
        for (int failures = 1; failures <= expectedMs.length; failures++) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int sample = 0; sample < 200; sample++) {
                double ms = backoff.delayNanos(failures) / 1e6;
                assertThat(ms).as("after %d failures", failures)
                        .isBetween(expectedMs[failures - 1] * 0.8, expectedMs[failures - 1] * 1.2);
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            assertThat(min).isLessThan(expectedMs[failures - 1] * 0.9);
            assertThat(max).isGreaterThan(expectedMs[failures - 1] * 1.1);
        }
    }

    @Test
    void aMaximumBelowTheFirstWaitMeansTheFirstWaitAlways() {
        Backoff backoff = Backoff.exponential(500, 100);
        assertThat(backoff.delayMs(1)).isEqualTo(500);
        assertThat(backoff.delayMs(5)).isEqualTo(500);
    }

    @Test
    void aZeroBackoffNeverWaits() {
        Backoff backoff = Backoff.exponential(0, 1_000).withJitter(0.8, 1.2, new Random(3));
        assertThat(backoff.delayNanos(1)).isZero();
        assertThat(backoff.delayNanos(40)).isZero();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> Backoff.exponential(-1, 100)).isInstanceOf(IllegalArgumentException.class);
        Backoff backoff = Backoff.exponential(100, 1_000);
        Random random = new Random();
        assertThatThrownBy(() -> backoff.withJitter(0.5, 0.4, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.withJitter(-0.1, 1, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.withJitter(0, 1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
