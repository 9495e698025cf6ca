package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Removals leave tombstones underneath, and the map reads as if the key were gone. */
class TombstoneMapTest {
    private final ConcurrentHashMap<String, String> inner = new ConcurrentHashMap<>();
    private final TombstoneMap map = new TombstoneMap(inner);

    @Test
    void aRemovedKeyReadsAsAbsentButStaysUnderneathAsATombstone() {
        map.put("a", "1");
        map.put("b", "2");

        assertThat(map.remove("a")).isEqualTo("1");

        assertThat(map.get("a")).isNull();
        assertThat(map.containsKey("a")).isFalse();
        assertThat(map.remove("a")).isNull();
        assertThat(map).containsOnlyKeys("b");
        assertThat(map.values()).containsExactly("2");
        assertThat(inner).containsEntry("a", TombstoneMap.TOMBSTONE);
    }

    @Test
    void aTombstoneCountsAsAbsentForPutIfAbsentAndIsReplacedByANewValue() {
        map.put("t", "old");
        map.remove("t");

        assertThat(map.putIfAbsent("t", "new")).isNull();
        assertThat(map.get("t")).isEqualTo("new");
        assertThat(map.putIfAbsent("t", "newer")).isEqualTo("new");
        assertThat(map.put("t", "x")).isEqualTo("new");
    }

    @Test
    void compareAndSetNeverMatchesATombstone() {
        map.put("p", "v1");
        map.remove("p");

        assertThat(map.replace("p", TombstoneMap.TOMBSTONE, "v2")).isFalse();
        assertThat(map.replace("p", "v1", "v2")).isFalse();
        assertThat(map.replace("p", "v3")).isNull();
        assertThat(map.get("p")).isNull();

        map.put("p", "v1");
        assertThat(map.replace("p", "v1", "v2")).isTrue();
        assertThat(map.remove("p", "v1")).isFalse();
        assertThat(map.remove("p", "v2")).isTrue();
        assertThat(map.get("p")).isNull();
    }
}
