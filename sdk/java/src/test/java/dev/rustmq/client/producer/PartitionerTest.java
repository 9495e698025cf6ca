package dev.rustmq.client.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    private final Partitioner partitioner = new Partitioner();

    @Test
    void anExplicitPartitionWinsOverTheKey() {
        assertThat(partitioner.partition(new ProducerRecord("t", 3, "k1".getBytes(UTF_8), null), 4)).isEqualTo(3);
    }

    @Test
    void aKeyedRecordGoesToItsKeysPartition() {
        byte[] key = "order-123".getBytes(UTF_8);
        assertThat(partitioner.partition(new ProducerRecord("t", key, null), 12))
                .isEqualTo(KeyPartitioner.partition(key, 12));
    }

    @Test
    void keylessRecordsStayOnTheStickyPartitionUntilItsBatchCloses() {
        ProducerRecord keyless = new ProducerRecord("t", "v".getBytes(UTF_8));
        int first = partitioner.partition(keyless, 4);
        assertThat(partitioner.partition(keyless, 4)).isEqualTo(first);
        Set<Integer> visited = new HashSet<>();
        int current = first;
        for (int i = 0; i < 4; i++) {
            visited.add(current);
            int next = partitioner.onNewBatch("t", 4, current);
            assertThat(next).isEqualTo((current + 1) % 4);
            assertThat(partitioner.partition(keyless, 4)).isEqualTo(next);
            current = next;
        }
        assertThat(visited).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void twoSendersFindingTheSameBatchClosedMoveTheStickyPartitionOnce() {
        int first = partitioner.stickyPartition("t", 5);
        int a = partitioner.onNewBatch("t", 5, first);
        int b = partitioner.onNewBatch("t", 5, first);
        assertThat(a).isEqualTo(b).isEqualTo((first + 1) % 5);
    }

    @Test
    void stickyPartitionsAreKeptPerTopic() {
        int t1 = partitioner.stickyPartition("t1", 1_000);
        partitioner.onNewBatch("t2", 1_000, partitioner.stickyPartition("t2", 1_000));
        assertThat(partitioner.stickyPartition("t1", 1_000)).isEqualTo(t1);
    }
}
