package dev.rustmq.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MockTimeTest {
    @Test
    void standsStillUntilTold() {
        MockTime time = new MockTime(1_000, 2_000);
        assertThat(time.milliseconds()).isEqualTo(1_000);
        assertThat(time.nanoseconds()).isEqualTo(2_000);
        assertThat(time.milliseconds()).isEqualTo(1_000);
    }

    @Test
    void sleepAdvancesBothClocks() {
        MockTime time = new MockTime(1_000, 0);
        time.sleep(250);
        assertThat(time.milliseconds()).isEqualTo(1_250);
        assertThat(time.nanoseconds()).isEqualTo(250_000_000L);
    }

    @Test
    void setCurrentTimeMovesForwardOnly() {
        MockTime time = new MockTime(1_000, 0);
        time.setCurrentTimeMs(3_000);
        assertThat(time.milliseconds()).isEqualTo(3_000);
        assertThat(time.nanoseconds()).isEqualTo(2_000_000_000L);
        assertThatThrownBy(() -> time.setCurrentTimeMs(2_999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> time.sleep(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nanosCanAdvanceAlone() {
        MockTime time = new MockTime(1_000, 0);
        time.advanceNanos(999_999);
        assertThat(time.nanoseconds()).isEqualTo(999_999);
        assertThat(time.milliseconds()).isEqualTo(1_000);
    }
}
