package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.metadata.BrokerMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicaAssignerTest {

    private static List<BrokerMetadata> brokers(int count, Random random) {
        List<BrokerMetadata> list = new ArrayList<>(IntStream.range(0, count)
                .mapToObj(i -> new BrokerMetadata("broker-" + i, "rack", "h:9092", "h:9093", 0, 0))
                .toList());
        Collections.shuffle(list, random);
        return list;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 987_654_321})
    void everyPartitionGetsDistinctLiveReplicasAndLeadersAreBalanced(long seed) {
        Random random = new Random(seed);
        for (int brokerCount = 1; brokerCount <= 7; brokerCount++) {
            List<BrokerMetadata> live = brokers(brokerCount, random);
            List<String> ids = live.stream().map(BrokerMetadata::id).toList();
            for (int rf = 1; rf <= brokerCount; rf++) {
                for (int partitions : new int[] {1, brokerCount, 3 * brokerCount, 1 + random.nextInt(60)}) {
                    int start = random.nextInt(brokerCount);
                    List<List<String>> assignment = ReplicaAssigner.assign(0, partitions, rf, live, start);
                    String where = "seed " + seed + ", " + brokerCount + " brokers, rf " + rf + ", " + partitions
                            + " partitions, start " + start;

                    assertThat(assignment).as(where).hasSize(partitions);
                    Map<String, Integer> leaders = new HashMap<>();
                    for (List<String> replicas : assignment) {
                        assertThat(replicas).as(where).hasSize(rf).doesNotHaveDuplicates();
                        assertThat(ids).as(where).containsAll(replicas);
                        leaders.merge(replicas.get(0), 1, Integer::sum);
                    }
                    // Even spread: leader counts differ by at most one across all brokers.
                    int min = ids.stream().mapToInt(id -> leaders.getOrDefault(id, 0)).min().orElseThrow();
                    int max = ids.stream().mapToInt(id -> leaders.getOrDefault(id, 0)).max().orElseThrow();
                    assertThat(max - min).as(where).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void placementFollowsSortedBrokerIdsRoundRobin() {
        List<List<String>> assignment = ReplicaAssigner.assign(0, 4, 2, brokers(3, new Random(5)), 1);
        assertThat(assignment).containsExactly(
                List.of("broker-1", "broker-2"),
                List.of("broker-2", "broker-0"),
                List.of("broker-0", "broker-1"),
                List.of("broker-1", "broker-2"));
    }

    @Test
    void brokerListOrderDoesNotMatter() {
        assertThat(ReplicaAssigner.assign(0, 9, 3, brokers(5, new Random(1)), 2))
                .isEqualTo(ReplicaAssigner.assign(0, 9, 3, brokers(5, new Random(99)), 2));
    }

    @Test
    void addedPartitionsContinueTheRoundRobin() {
        List<BrokerMetadata> live = brokers(4, new Random(3));
        List<List<String>> whole = ReplicaAssigner.assign(0, 10, 2, live, 3);
        List<List<String>> firstPart = ReplicaAssigner.assign(0, 6, 2, live, 3);
        List<List<String>> added = ReplicaAssigner.assign(6, 4, 2, live, 3);

        List<List<String>> joined = new ArrayList<>(firstPart);
        joined.addAll(added);
        assertThat(joined).isEqualTo(whole);
    }

    @Test
    void startOutsideTheBrokerRangeWraps() {
        List<BrokerMetadata> live = brokers(3, new Random(1));
        assertThat(ReplicaAssigner.assign(0, 3, 1, live, 7)).isEqualTo(ReplicaAssigner.assign(0, 3, 1, live, 1));
        assertThat(ReplicaAssigner.assign(0, 3, 1, live, -2)).isEqualTo(ReplicaAssigner.assign(0, 3, 1, live, 1));
    }

    @Test
    void tooFewBrokersIsAnError() {
        assertThatThrownBy(() -> ReplicaAssigner.assign(0, 1, 3, brokers(2, new Random(1)), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 3 brokers, have 2");
    }

    @Test
    void zeroPartitionsGiveAnEmptyAssignment() {
        assertThat(ReplicaAssigner.assign(5, 0, 1, brokers(1, new Random(1)), 0)).isEmpty();
    }
}
