package dev.rustmq.controller;

import java.util.List;
import java.util.Optional;

/** A quorum whose view a test fixes: this controller's id, whom it sees, whether it has the quorum, who is active. */
public record FixedQuorum(String localId, List<String> members, boolean hasQuorum, String active, int voters)
        implements ControllerQuorum {

    /** Three voters. */
    public FixedQuorum(String localId, List<String> members, boolean hasQuorum, String active) {
        this(localId, members, hasQuorum, active, 3);
    }

    @Override
    public Optional<String> activeId() {
        return hasQuorum ? Optional.ofNullable(active) : Optional.empty();
    }
}
