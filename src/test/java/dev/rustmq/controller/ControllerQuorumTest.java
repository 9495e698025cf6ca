package dev.rustmq.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a quorum derives from its view: who is active, and the refusal a caller reads. */
class ControllerQuorumTest {

    @Test
    void aSingleControllerIsAlwaysActive() {
        ControllerQuorum single = ControllerQuorum.single("c0");
        assertThat(single.hasQuorum()).isTrue();
        assertThat(single.isActive()).isTrue();
        assertThat(single.refusal()).isEmpty();
    }

    @Test
    void aStandbyWithTheQuorumIsNotActiveAndIsNotRefused() {
        ControllerQuorum standby = new FixedQuorum("c1", List.of("c0", "c1"), true, "c0");
        assertThat(standby.isActive()).isFalse();
        assertThat(standby.refusal()).isEmpty();
    }

    @Test
    void withoutTheQuorumTheRefusalSaysWhatThisControllerSees() {
        ControllerQuorum minority = new FixedQuorum("c2", List.of("c2"), false, null);
        assertThat(minority.isActive()).isFalse();
        assertThat(minority.refusal()).contains("controller c2 sees 1 of 3 controllers (c2); metadata is refused "
                + "until a majority (2) is connected");
    }
}
