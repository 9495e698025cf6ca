package dev.rustmq.controller;

import java.util.List;
import java.util.Optional;

/**
 * Which controller may change metadata now (docs/cluster.md). A controller serves metadata only
 * while it sees a majority of the voters and its caches are available ({@link #hasQuorum()}); the
 * active one is the coordinator of such a view ({@link #isActive()}). Being active decides who
 * <em>runs</em> the controller's work; every leadership change still goes through a
 * compare-and-set on the partition's epoch, so a controller that lost its view mid-way cannot win.
 */
public interface ControllerQuorum {

    /** This controller's id ({@code [controller] node_id}). */
    String localId();

    /** How many controllers make up the metadata cluster; a majority of them must be connected. */
    int voters();

    /** The controllers this one is connected to, itself included, by id. */
    List<String> members();

    /** True while this controller sees a majority of the voters and the metadata is available. */
    boolean hasQuorum();

    /** True when this controller has the quorum and is the coordinator of its view. */
    default boolean isActive() {
        return hasQuorum() && activeId().filter(localId()::equals).isPresent();
    }

    /** The active controller's id as this controller sees it; empty while it has no quorum. */
    Optional<String> activeId();

    /** Why metadata is refused here now, for the caller's error message; empty while it has the quorum. */
    default Optional<String> refusal() {
        if (hasQuorum()) {
            return Optional.empty();
        }
        return Optional.of("controller " + localId() + " sees " + members().size() + " of " + voters()
                + " controllers (" + String.join(", ", members()) + "); metadata is refused until a majority ("
                + (voters() / 2 + 1) + ") is connected");
    }

    /** One controller alone: it always has the quorum and is always active. */
    static ControllerQuorum single(String id) {
        return new ControllerQuorum() {
            @Override
            public String localId() {
                return id;
            }

            @Override
            public int voters() {
                return 1;
            }

            @Override
            public List<String> members() {
                return List.of(id);
            }

            @Override
            public boolean hasQuorum() {
                return true;
            }

            @Override
            public Optional<String> activeId() {
                return Optional.of(id);
            }
        };
    }
}
