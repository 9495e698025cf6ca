package dev.rustmq.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

class RateWindowTest {
    private final MockTime time = new MockTime();

    @Test
    void isZeroBeforeAnythingIsRecorded() {
        RateWindow rate = new RateWindow(time, 60);
        assertThat(rate.perSecond()).isZero();
        time.sleep(120_000);
        assertThat(rate.perSecond()).isZero();
    }

    @Test
    void averagesOverTheFullWindowOnceItHasPassed() {
        RateWindow rate = new RateWindow(time, 60);
        time.sleep(60_000);
        for (int i = 0; i < 30; i++) {
            rate.record(1_000);
            time.sleep(1_000);
        }
        // 30 000 bytes in the last 60 s.
        assertThat(rate.perSecond()).isEqualTo(500.0);
    }

    @Test
    void averagesOverTheTimeSinceStartDuringTheFirstWindow() {
        RateWindow rate = new RateWindow(time, 60);
        rate.record(4_000);
        assertThat(rate.perSecond()).as("within the first second").isEqualTo(4_000.0);
        time.sleep(3_000);
        assertThat(rate.perSecond()).as("four seconds touched").isEqualTo(1_000.0);
    }

    @Test
    void forgetsWhatIsOlderThanTheWindow() {
        RateWindow rate = new RateWindow(time, 60);
        time.sleep(60_000);
        rate.record(6_000);
        time.sleep(59_000);
        assertThat(rate.perSecond()).as("59 s later it is still in the window").isEqualTo(100.0);
        time.sleep(1_000);
        assertThat(rate.perSecond()).as("60 s later it has left").isZero();
        rate.record(120);
        assertThat(rate.perSecond()).as("the reused bucket starts from zero").isEqualTo(2.0);
    }

    @Test
    void matchesASumOverTheLastWindowForRandomRecordings() {
        PropertyCheck.forAll(200, g -> g.anyLong(), seed -> {
            java.util.Random random = new java.util.Random(seed);
            MockTime clock = new MockTime();
            int window = 1 + random.nextInt(10);
            RateWindow rate = new RateWindow(clock, window);
            long startSecond = clock.nanoseconds() / 1_000_000_000L;
            java.util.List<long[]> recorded = new java.util.ArrayList<>();
            for (int step = 0; step < 50; step++) {
                if (random.nextBoolean()) {
                    long amount = random.nextInt(1_000);
                    rate.record(amount);
                    recorded.add(new long[] {clock.nanoseconds() / 1_000_000_000L, amount});
                } else {
                    clock.sleep(random.nextInt(3_000));
                }
                long now = clock.nanoseconds() / 1_000_000_000L;
                long expected = recorded.stream().filter(r -> r[0] > now - window).mapToLong(r -> r[1]).sum();
                long span = Math.min(window, now - startSecond + 1);
                assertThat(rate.perSecond()).isEqualTo((double) expected / span);
            }
        });
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new RateWindow(time, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
