package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.metadata.MetadataStoreException;
import dev.rustmq.metadata.PartitionHealth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node waits for the metadata before opening its storage, on the injected clock, and gives up saying why. */
class MetadataWaitTest {
    private final MockTime time = new MockTime();

    @Test
    void returnsOnceTheMetadataAnswers() {
        long start = time.milliseconds();
        MetadataWait.await(new Cluster(5), time, 60_000);
        assertThat(time.milliseconds() - start).isEqualTo(5 * 200);
    }

    @Test
    void failsAfterTheTimeoutWithWhatTheNodeSees() {
        assertThatThrownBy(() -> MetadataWait.await(new Cluster(Integer.MAX_VALUE), time, 60_000))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("did not answer within 60000 ms")
                .hasMessageContaining("controllers=1 of 3 connected");
        assertThat(MetadataWait.timeoutMs(5_000)).isEqualTo(60_000);
        assertThat(MetadataWait.timeoutMs(10_000)).isEqualTo(120_000);
    }

    /** Metadata that answers after {@code downChecks} checks. */
    private static final class Cluster implements ClusterView {
        private int downChecks;

        Cluster(int downChecks) {
            this.downChecks = downChecks;
        }

        @Override
        public CheckResult checkMetadataStore() {
            return new CheckResult("metadata-store", downChecks-- <= 0, Map.of("controllers", "1 of 3 connected"));
        }

        @Override
        public int topicCount() {
            return 0;
        }

        @Override
        public int partitionCount() {
            return 0;
        }

        @Override
        public int brokerCount() {
            return 0;
        }

        @Override
        public int liveBrokerCount() {
            return 0;
        }

        @Override
        public PartitionHealth partitionHealth() {
            return PartitionHealth.NONE;
        }

        @Override
        public boolean isActiveController() {
            return false;
        }

        @Override
        public long leaderElections() {
            return 0;
        }
    }
}
