package dev.rustmq.controller;

import static dev.rustmq.controller.KeyValueMetadataStoreTest.partition;
import static dev.rustmq.controller.KeyValueMetadataStoreTest.partitions;
import static dev.rustmq.controller.KeyValueMetadataStoreTest.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.PartitionMetadata;
import dev.rustmq.metadata.TopicMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.infinispan.context.Flag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three controllers on real Infinispan, replicated over JGroups TCP on 127.0.0.1 (docs/cluster.md):
 * what one writes the others read; exactly one is active; one cut off from the others refuses
 * metadata while the majority elects another active controller and goes on, and once healed holds
 * in its own copy what the majority wrote (even when the heal cuts into Infinispan's conflict
 * resolution); a controller that comes back catches up; and two controllers racing on a
 * partition's epoch cannot both win.
 */
class ReplicatedMetadataStoreIT {
    private static final Duration VIEW_CHANGE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ReplicatedControllers controllers;

    @AfterEach
    void stop() {
        if (controllers != null) {
            controllers.close();
        }
    }

    @Test
    void writesOnOneControllerAreReadOnAllAndExactlyOneIsActive() {
        controllers = new ReplicatedControllers(dir, 3).start();
        awaitQuorumOn(0, 1, 2);

        assertThat(controllers.store(1).createTopic(topic("orders", 2), partitions("orders", 2))).isTrue();

        for (int i = 0; i < 3; i++) {
            InfinispanMetadataStore store = controllers.store(i);
            assertThat(store.topic("orders")).as("controller %d", i).contains(topic("orders", 2));
            assertThat(store.partitions("orders")).as("controller %d", i).hasSize(2);
            assertThat(store.clusterId()).isEqualTo(controllers.store(0).clusterId());
        }
        assertThat(activeIndexes()).hasSize(1);
        String active = controllers.store(0).quorum().activeId().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(controllers.store(i).quorum().activeId()).as("controller %d's view", i).contains(active);
        }
    }

    @Test
    void aLoneControllerServesNothingUntilAMajorityIsConnected() {
        controllers = new ReplicatedControllers(dir, 3).start(0);

        ControllerQuorum lone = controllers.store(0).quorum();
        assertThat(lone.hasQuorum()).isFalse();
        assertThat(lone.isActive()).isFalse();
        assertThat(controllers.store(0).isAvailable()).isFalse();
        assertThat(lone.refusal()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("sees 1 of 3 controllers", "majority (2)");
        assertThatThrownBy(() -> controllers.store(0).createTopic(topic("early", 1), partitions("early", 1)))
                .isInstanceOf(MetadataStoreException.class).hasMessageContaining("sees 1 of 3 controllers");

        controllers.start(1);
        awaitQuorumOn(0, 1);
        assertThat(controllers.store(0).createTopic(topic("later", 1), partitions("later", 1))).isTrue();
        assertThat(controllers.store(1).topic("later")).isPresent();
        assertThat(activeIndexes()).hasSize(1);
    }

    @Test
    void aControllerCutOffRefusesWhileTheMajorityElectsAnotherAndGoesOn() {
        // One after the other: started together, the three may first form two views and merge, and
        // a cut right after a merge whose conflict resolution failed leaves the majority's caches
        // degraded (noted on issue 12); this test is about the cut, not the start.
        controllers = new ReplicatedControllers(dir, 3).start(0).start(1).start(2);
        awaitQuorumOn(0, 1, 2);
        int cutOff = activeIndexes().get(0);
        List<Integer> majority = others(cutOff);

        long cutAt = System.nanoTime();
        controllers.cut(cutOff, true);
        await().atMost(VIEW_CHANGE).until(() -> !controllers.store(cutOff).quorum().hasQuorum()
                && activeIndexes().size() == 1 && majority.contains(activeIndexes().get(0)));
        long takeoverMs = (System.nanoTime() - cutAt) / 1_000_000;
        System.out.printf("controller takeover after the active one was cut off: %d ms%n", takeoverMs);

        // The minority refuses reads and writes, with a message that says why.
        assertThatThrownBy(() -> controllers.store(cutOff).createTopic(topic("minority", 1), partitions("minority", 1)))
                .isInstanceOf(MetadataStoreException.class).hasMessageContaining("sees 1 of 3 controllers");
        assertThatThrownBy(() -> controllers.store(cutOff).topics()).isInstanceOf(MetadataStoreException.class);
        // The majority goes on.
        assertThat(controllers.store(majority.get(0)).createTopic(topic("majority", 1), partitions("majority", 1)))
                .isTrue();
        assertThat(controllers.store(majority.get(1)).topic("majority")).isPresent();

        controllers.cut(cutOff, false);
        awaitQuorumOn(0, 1, 2);
        await().atMost(VIEW_CHANGE).untilAsserted(() -> {
            assertThat(controllers.store(cutOff).topic("majority")).isPresent();
            assertThat(controllers.store(cutOff).topic("minority")).isEmpty();
        });
        // Its own copy too: a read on a controller still taking state is answered by the others.
        await().atMost(VIEW_CHANGE).untilAsserted(() -> assertThat(ownCopy(cutOff, "topics", "majority")).isNotNull());
        assertThat(activeIndexes()).hasSize(1);
    }

    @Test
    void aCutHealedWhileTheMajorityStillResolvesConflictsLeavesNoStaleCopy() {
        // Merges found within a second land while the majority still resolves conflicts after its change of
        // coordinator (seconds, infinispan#17620), so the merge's own resolution mostly fails (ISPN100014)
        // and MergeRepair must bring the controller that was cut off up to date.
        controllers = new ReplicatedControllers(dir, 3).mergeEvery(600).start(0).start(1).start(2);
        awaitQuorumOn(0, 1, 2);
        int cutOff = activeIndexes().get(0);
        List<Integer> majority = others(cutOff);

        controllers.cut(cutOff, true);
        await().atMost(VIEW_CHANGE)
                .until(() -> activeIndexes().size() == 1 && majority.contains(activeIndexes().get(0)));
        assertThat(controllers.store(majority.get(0)).createTopic(topic("majority", 1), partitions("majority", 1)))
                .isTrue();
        controllers.cut(cutOff, false);

        awaitQuorumOn(0, 1, 2);
        await().atMost(VIEW_CHANGE).untilAsserted(() -> {
            assertThat(ownCopies(cutOff)).isEqualTo(ownCopies(majority.get(0)));
            assertThat(ownCopies(majority.get(1))).isEqualTo(ownCopies(majority.get(0)));
        });
        assertThat(ownCopies(cutOff).get("topics")).containsKey("majority");
    }

    @Test
    void whenTheActiveControllerStopsAnotherTakesOverAndChangesResume() {
        controllers = new ReplicatedControllers(dir, 3).start();
        awaitQuorumOn(0, 1, 2);
        int active = activeIndexes().get(0);

        long stoppedAt = System.nanoTime();
        controllers.stop(active);
        await().atMost(VIEW_CHANGE).until(() -> activeIndexes().size() == 1);
        System.out.printf("controller takeover after the active one stopped: %d ms%n",
                (System.nanoTime() - stoppedAt) / 1_000_000);

        int next = activeIndexes().get(0);
        assertThat(next).isNotEqualTo(active);
        assertThat(controllers.store(next).createTopic(topic("after", 1), partitions("after", 1))).isTrue();
    }

    @Test
    void aControllerThatComesBackCatchesUpAndDoesNotBringBackDeletedTopics() {
        controllers = new ReplicatedControllers(dir, 3).start();
        awaitQuorumOn(0, 1, 2);
        controllers.store(0).createTopic(topic("gone", 1), partitions("gone", 1));
        controllers.store(0).createTopic(topic("kept", 1), partitions("kept", 1));

        controllers.stop(2);
        awaitQuorumOn(0, 1);
        assertThat(controllers.store(0).deleteTopic("gone")).isTrue();
        controllers.store(1).createTopic(topic("new", 1), partitions("new", 1));

        controllers.start(2);
        awaitQuorumOn(0, 1, 2);
        assertThat(controllers.store(2).topics()).extracting(TopicMetadata::name).containsExactly("kept", "new");
        assertThat(controllers.store(2).partitions("gone")).isEmpty();
    }

    @Test
    void twoControllersRacingOnOnePartitionsEpochCannotBothWin() throws Exception {
        controllers = new ReplicatedControllers(dir, 3).start();
        awaitQuorumOn(0, 1, 2);
        controllers.store(0).createTopic(topic("t", 1), List.of(partition("t", 0, "b1", 0)));
        PartitionMetadata current = controllers.store(0).partitions("t").get(0);

        for (int round = 0; round < 20; round++) {
            PartitionMetadata base = controllers.store(0).partitions("t").get(0);
            PartitionMetadata toB2 = partition("t", 0, "b2", base.leaderEpoch() + 1);
            PartitionMetadata toB3 = partition("t", 0, "b3", base.leaderEpoch() + 1);
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> race(together, 1, base, toB2));
            CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> race(together, 2, base, toB3));
            assertThat(a.get() ^ b.get()).as("round %d: exactly one wins", round).isTrue();
            PartitionMetadata stored = controllers.store(0).partitions("t").get(0);
            assertThat(stored).isEqualTo(a.get() ? toB2 : toB3);
            current = stored;
        }
        assertThat(current.leaderEpoch()).isEqualTo(20);
    }

    private boolean race(CyclicBarrier together, int controller, PartitionMetadata expected, PartitionMetadata next) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return controllers.store(controller).replacePartition(expected, next);
    }

    private void awaitQuorumOn(int... indexes) {
        await().atMost(VIEW_CHANGE).until(() -> {
            for (int i : indexes) {
                if (!controllers.store(i).quorum().hasQuorum()
                        || controllers.store(i).quorum().members().size() != indexes.length) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Controller {@code i}'s own copy of {@code key}, not asking the others. */
    private String ownCopy(int i, String cache, String key) {
        return controllers.store(i).rawCache(cache).getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL).get(key);
    }

    /** Controller {@code i}'s own copy of every metadata cache, by cache name. */
    private Map<String, Map<String, String>> ownCopies(int i) {
        Map<String, Map<String, String>> copies = new TreeMap<>();
        for (String cache : List.of("topics", "partitions", "brokers", "cluster", "manifests")) {
            copies.put(cache, new TreeMap<>(controllers.store(i).rawCache(cache).getAdvancedCache()
                    .withFlags(Flag.CACHE_MODE_LOCAL)));
        }
        return copies;
    }

    private List<Integer> activeIndexes() {
        return controllers.running().stream().filter(i -> controllers.store(i).quorum().isActive()).toList();
    }

    private static List<Integer> others(int index) {
        return java.util.stream.IntStream.range(0, 3).filter(i -> i != index).boxed().toList();
    }
}
