package dev.rustmq.client.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.testing.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPartitionerTest {
    /**
     * Expected values computed with a separate implementation of MurmurHash2 (seed 0x9747b28c) written
     * in Python from the algorithm's description, not from Kafka's code: the hash, and the partition
     * among 3, 4, 12 and 100 (hash with the sign bit cleared, modulo the count).
     */
    @ParameterizedTest
    @CsvSource({
            "'', 275646681, 0, 1, 9, 81",
            "a, -1563381124, 1, 0, 4, 24",
            "ab, 316155434, 2, 2, 2, 34",
            "abc, 479470107, 0, 3, 3, 7",
            "abcd, -1323649548, 2, 0, 8, 0",
            "k1, 1684045097, 2, 1, 5, 97",
            "order-123, -940440895, 1, 1, 1, 53",
            "customer-456, -2043506365, 1, 3, 7, 83",
            "hello world, 1221641059, 1, 3, 7, 59"})
    void keysHashAndLandOnPartitionsAsMurmur2Says(String key, int hash, int of3, int of4, int of12, int of100) {
        byte[] bytes = key.getBytes(UTF_8);
        assertThat(KeyPartitioner.murmur2(bytes)).isEqualTo(hash);
        assertThat(KeyPartitioner.partition(bytes, 1)).isZero();
        assertThat(KeyPartitioner.partition(bytes, 3)).isEqualTo(of3);
        assertThat(KeyPartitioner.partition(bytes, 4)).isEqualTo(of4);
        assertThat(KeyPartitioner.partition(bytes, 12)).isEqualTo(of12);
        assertThat(KeyPartitioner.partition(bytes, 100)).isEqualTo(of100);
    }

    @Test
    void bytesAboveOneHundredTwentySevenAreUnsigned() {
        // The same independent computation: a tail of 1 byte after a whole word, with "negative" bytes.
        assertThat(KeyPartitioner.murmur2(new byte[] {(byte) 0xff, (byte) 0x80, 0x00, 0x7f, (byte) 0xc3}))
                .isEqualTo(-725586902);
    }

    @Test
    void everyKeyMapsIntoRange() {
        PropertyCheck.forAll(500, g -> g.bytes(0, 64), key -> {
            for (int n : new int[] {1, 2, 7, 12, 1000}) {
                assertThat(KeyPartitioner.partition(key, n)).isBetween(0, n - 1);
            }
        });
    }

    @Test
    void aPartitionCountBelowOneIsRejected() {
        assertThatThrownBy(() -> KeyPartitioner.partition(new byte[0], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
