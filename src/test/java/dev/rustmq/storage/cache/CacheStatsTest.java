package dev.rustmq.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheStatsTest {

    @Test
    void hitRatioIsHitsOverLookups() {
        assertThat(new CacheStats(3, 1, 0, 0).hitRatio()).isEqualTo(0.75);
        assertThat(new CacheStats(5, 0, 0, 0).hitRatio()).isEqualTo(1.0);
        assertThat(new CacheStats(0, 4, 0, 0).hitRatio()).isZero();
    }

    @Test
    void hitRatioIsZeroBeforeTheFirstLookup() {
        assertThat(new CacheStats(0, 0, 100, 2).hitRatio()).isZero();
    }
}
