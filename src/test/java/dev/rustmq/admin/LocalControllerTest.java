package dev.rustmq.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.BrokerRegistry;
import dev.rustmq.controller.ControllerQuorum;
import dev.rustmq.controller.FixedQuorum;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.ReassignmentManager;
import dev.rustmq.controller.TopicManager;
import dev.rustmq.controller.balance.RebalanceManager;
import dev.rustmq.controller.TopicSpec;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.ControllerMetadata;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.protocol.record.CompressionType;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Only the active controller changes metadata; a standby names the active one, a minority says what it sees. */
class LocalControllerTest {
    private final MockTime time = new MockTime();
    private final List<ControllerMetadata> announced = List.of(new ControllerMetadata("c0", "h0:9094", "h0:9642"),
            new ControllerMetadata("c1", "h1:9094", "h1:9642"), new ControllerMetadata("c2", "h2:9094", "h2:9642"));

    @Test
    void theActiveControllerChangesMetadata() {
        LocalController active = controller(new FixedQuorum("c0", List.of("c0", "c1", "c2"), true, "c0"));

        active.createTopic(spec("orders"));

        assertThat(active.topics()).extracting(t -> t.name()).containsExactly("orders");
        assertThat(active.controllerBrokerId()).contains("b1");
    }

    @Test
    void aStandbyRefusesChangesNamingTheActiveControllerAndItsAdminAddress() {
        LocalController standby = controller(new FixedQuorum("c1", List.of("c0", "c1", "c2"), true, "c0"));

        assertThatThrownBy(() -> standby.createTopic(spec("orders")))
                .isInstanceOfSatisfying(NotControllerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_CONTROLLER);
                    assertThat(e.activeId()).isEqualTo("c0");
                    assertThat(e.activeAdminEndpoint()).contains("h0:9642");
                })
                .hasMessage("controller c1 is a standby; metadata changes go to the active controller c0 "
                        + "(admin API at h0:9642)");
        assertThatThrownBy(() -> standby.deleteTopic("orders")).isInstanceOf(NotControllerException.class);
        // Reads are served.
        assertThat(standby.topics()).isEmpty();
        assertThat(standby.controllerBrokerId()).isEmpty();
    }

    @Test
    void aControllerWithoutTheQuorumRefusesSayingWhatItSees() {
        LocalController minority = controller(new FixedQuorum("c2", List.of("c2"), false, null));

        assertThatThrownBy(() -> minority.createTopic(spec("orders")))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("controller c2 sees 1 of 3 controllers");
    }

    @Test
    void controllersAreListedWithTheirStates() {
        LocalController standby = controller(new FixedQuorum("c1", List.of("c0", "c1"), true, "c0"));

        assertThat(standby.controllers()).containsExactly(
                new ControllerStatus("c0", ControllerStatus.ACTIVE, "h0:9094", "h0:9642"),
                new ControllerStatus("c1", ControllerStatus.STANDBY, "h1:9094", "h1:9642"),
                new ControllerStatus("c2", ControllerStatus.UNREACHABLE, "h2:9094", "h2:9642"));
        assertThat(standby.activeControllerId()).contains("c0");
    }

    /** A controller whose store sees {@code quorum} and holds the three announcements (written while active). */
    private LocalController controller(ControllerQuorum quorum) {
        MemoryMetadataStore store = new MemoryMetadataStore(quorum);
        BrokerRegistry registry = new BrokerRegistry(store, time, 60_000);
        if (quorum.hasQuorum()) {
            announced.forEach(store::putController);
            registry.register("b1", "r", "h:9092", "h:9093");
        }
        ReassignmentManager moves = new ReassignmentManager(store, registry);
        return new LocalController(new TopicManager(store, registry, time, new Random(1)), registry, "b1", store, moves,
                new RebalanceManager(store, registry, moves, time));
    }

    private static TopicSpec spec(String name) {
        return new TopicSpec(name, 1, 1, RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), Map.of());
    }
}
