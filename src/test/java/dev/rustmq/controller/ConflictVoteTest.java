package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.controller.ConflictVote.Absent;
import dev.rustmq.controller.ConflictVote.Holds;
import dev.rustmq.controller.ConflictVote.Tie;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A key the controllers hold differently goes to the value most of them hold; a tie settles nothing. */
class ConflictVoteTest {
    @Test
    void theValueTheMajorityHoldsWinsOverTheStaleOne() {
        assertThat(ConflictVote.settle(values("c0", "old", "c1", "new", "c2", "new"))).isEqualTo(new Holds("new"));
    }

    @Test
    void aKeyTheMajorityHoldsWinsOverAMemberThatLacksIt() {
        assertThat(ConflictVote.settle(values("c0", null, "c1", "majority", "c2", "majority")))
                .isEqualTo(new Holds("majority"));
    }

    @Test
    void absenceWinsWhenMostMembersLackTheKey() {
        assertThat(ConflictVote.settle(values("c0", "minority", "c1", null, "c2", null))).isEqualTo(new Absent());
    }

    @Test
    void aTieBetweenTwoMembersSettlesNothing() {
        assertThat(ConflictVote.settle(values("c0", "a", "c1", "b"))).isEqualTo(new Tie());
        assertThat(ConflictVote.settle(values("c0", "a", "c1", null))).isEqualTo(new Tie());
    }

    @Test
    void threeDifferentValuesSettleNothing() {
        assertThat(ConflictVote.settle(values("c0", "a", "c1", "b", "c2", "c"))).isEqualTo(new Tie());
    }

    @Test
    void aPluralityIsEnoughWhenNoOtherValueHasAsManyVotes() {
        Map<String, Optional<String>> five = values("c0", "a", "c1", "a", "c2", "b", "c3", "c", "c4", null);

        assertThat(ConflictVote.settle(five)).isEqualTo(new Holds("a"));
    }

    @Test
    void twoValuesLeadingTogetherAmongFiveMembersSettleNothing() {
        Map<String, Optional<String>> five = values("c0", "a", "c1", "a", "c2", "b", "c3", "b", "c4", null);

        assertThat(ConflictVote.settle(five)).isEqualTo(new Tie());
    }

    @Test
    void noMembersSettleNothing() {
        assertThat(ConflictVote.settle(Map.of())).isEqualTo(new Tie());
    }

    /** Member, value pairs; a null value is a member without the key. */
    private static Map<String, Optional<String>> values(String... pairs) {
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], Optional.ofNullable(pairs[i + 1]));
        }
        return values;
    }
}
