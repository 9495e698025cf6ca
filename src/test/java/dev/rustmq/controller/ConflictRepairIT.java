package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.infinispan.AdvancedCache;
import org.infinispan.context.Flag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConflictRepair} on three real controllers whose copies of one cache were made to differ
 * (writes on one controller alone, as a merge whose conflict resolution failed leaves them): once each
 * controller has run its pass, each key holds the value most controllers held, whichever controller
 * is its primary owner; an absence that wins becomes a tombstone, and a tie stays as it is.
 */
class ConflictRepairIT {
    private static final String CACHE = "topics";

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
    void keysTheControllersHoldDifferentlyTakeTheMajoritysValueAndATieStays() {
        controllers = new ReplicatedControllers(dir, 3).start(0).start(1).start(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, 3).allMatch(i ->
                controllers.store(i).quorum().hasQuorum() && controllers.store(i).quorum().members().size() == 3));
        String staleOnItsPrimary = keyWhosePrimaryIs(0, "stale-primary-");
        String staleOnABackup = keyWhosePrimaryIs(1, "stale-backup-");
        String missingOnOne = keyWhosePrimaryIs(2, "missing-");
        String leftOnOne = keyWhosePrimaryIs(1, "left-");
        String tied = "tied";
        for (String key : new String[] {staleOnItsPrimary, staleOnABackup, missingOnOne}) {
            cache(1).put(key, "fresh");
        }
        local(0).put(staleOnItsPrimary, "stale");
        local(0).put(staleOnABackup, "stale");
        local(0).remove(missingOnOne);
        local(0).put(leftOnOne, "left over");
        for (int i = 0; i < 3; i++) {
            local(i).put(tied, "value of c" + i);
        }

        // Each controller's pass covers the keys it holds: the key left on c0 alone is c0's to find.
        assertThat(ConflictRepair.run(cache(1))).isEqualTo(new ConflictRepair.Outcome(4, 3, 1, 0));
        assertThat(ConflictRepair.run(cache(2))).isEqualTo(new ConflictRepair.Outcome(1, 0, 1, 0));
        assertThat(ConflictRepair.run(cache(0))).isEqualTo(new ConflictRepair.Outcome(2, 1, 1, 0));

        for (int i = 0; i < 3; i++) {
            assertThat(cache(i).get(staleOnItsPrimary)).as("c%d", i).isEqualTo("fresh");
            assertThat(cache(i).get(staleOnABackup)).as("c%d", i).isEqualTo("fresh");
            assertThat(cache(i).get(missingOnOne)).as("c%d", i).isEqualTo("fresh");
            assertThat(cache(i).get(leftOnOne)).as("c%d", i).isEqualTo(TombstoneMap.TOMBSTONE);
            assertThat(cache(i).get(tied)).as("c%d", i).isEqualTo("value of c" + i);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(ConflictRepair.run(cache(i))).as("c%d again", i)
                    .isEqualTo(new ConflictRepair.Outcome(1, 0, 1, 0));
        }
    }

    private AdvancedCache<String, String> cache(int i) {
        return controllers.store(i).rawCache(CACHE).getAdvancedCache();
    }

    /** Controller {@code i}'s copy alone, as if the others never heard of the write. */
    private AdvancedCache<String, String> local(int i) {
        return cache(i).withFlags(Flag.CACHE_MODE_LOCAL);
    }

    private String keyWhosePrimaryIs(int i, String prefix) {
        return IntStream.range(0, 1_000).mapToObj(n -> prefix + n)
                .filter(k -> cache(0).getDistributionManager().getCacheTopology().getDistribution(k).primary()
                        .toString().equals(ReplicatedControllers.id(i)))
                .findFirst().orElseThrow();
    }
}
