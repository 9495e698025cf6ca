package dev.rustmq.controller;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settles one key that the controllers hold differently after a merge (docs/cluster.md, "Partitions
 * of the network") by majority vote: each member votes for the value it holds, a member without the
 * key votes for its absence, and a value with more votes than any other wins.
 *
 * <p>A tie settles nothing. Only a side holding a majority of the voters writes (the store refuses
 * writes otherwise), and such a side is a majority of any merged view, so when its members agree
 * the vote is theirs. A tie therefore means the writers disagreed among themselves (a write cut off
 * mid-way) or nobody wrote: there is no side to prefer, and the key's next write, made on its
 * primary owner and replicated to every member, brings the members together again.
 */
final class ConflictVote {
    private ConflictVote() {
    }

    /** What the members of the merged view should hold for one key. */
    sealed interface Verdict {
    }

    /** Every member should hold {@code value}. */
    record Holds(String value) implements Verdict {
    }

    /** No member should hold a value. */
    record Absent() implements Verdict {
    }

    /** No value has more votes than every other: the key is left as it is. */
    record Tie() implements Verdict {
    }

    /**
     * @param values each member's value for the key, empty where the member holds none
     * @param <M>    how a member is named
     */
    static <M> Verdict settle(Map<M, Optional<String>> values) {
        Map<Optional<String>, Integer> votes = new HashMap<>();
        values.values().forEach(value -> votes.merge(value, 1, Integer::sum));
        int most = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Optional<String>> leaders = votes.entrySet().stream()
                .filter(e -> e.getValue() == most).map(Map.Entry::getKey).toList();
        if (leaders.size() != 1) {
            return new Tie();
        }
        return leaders.get(0).<Verdict>map(Holds::new).orElseGet(Absent::new);
    }
}
