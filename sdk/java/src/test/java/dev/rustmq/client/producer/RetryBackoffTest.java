package dev.rustmq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    @Test
    void waitsDoublePerFailureUpToTheMaximumGiveOrTakeTwentyPercent() {
        RetryBackoff backoff = new RetryBackoff(100, 1_000);
        long[] expectedMs = {100, 200, 400, 800, 1_000, 1_000};
        for (int failures = 1; failures <= expectedMs.length; failures++) {
            for (int sample = 0; sample < 200; sample++) {
                assertThat(backoff.nanos(failures) / 1e6).as("after %d failures", failures)
                        .isBetween(expectedMs[failures - 1] * 0.8, expectedMs[failures - 1] * 1.2);
            }
        }
        assertThat(backoff.nanos(10_000) / 1e6).isBetween(800.0, 1_200.0);
    }

    @Test
    void aMaximumBelowTheFirstWaitMeansTheFirstWaitAlways() {
        RetryBackoff backoff = new RetryBackoff(500, 100);
        assertThat(backoff.nanos(5) / 1e6).isBetween(400.0, 600.0);
    }
}
