package dev.rustmq.client.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProduceSequencerTest {
    private final ProduceSequencer<String> sequencer = new ProduceSequencer<>();
    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);

    @Test
    void onePerPartitionGoesAtATimeInSendOrder() {
        assertThat(sequencer.admit(p0, "a")).isTrue();
        assertThat(sequencer.admit(p0, "b")).isFalse();
        assertThat(sequencer.admit(p1, "x")).as("other partitions are not held up").isTrue();
        assertThat(sequencer.admit(p0, "c")).isFalse();

        assertThat(sequencer.finished(p0, "a")).isEqualTo("b");
        assertThat(sequencer.finished(p0, "b")).isEqualTo("c");
        assertThat(sequencer.finished(p0, "c")).isNull();
        assertThat(sequencer.admit(p0, "d")).as("an idle partition sends at once").isTrue();
    }

    @Test
    void aRequestThatEndsWhileWaitingLeavesTheQueueWithoutReleasingAnything() {
        sequencer.admit(p0, "a");
        sequencer.admit(p0, "b");
        sequencer.admit(p0, "c");
        assertThat(sequencer.finished(p0, "b")).as("b timed out while waiting").isNull();
        assertThat(sequencer.finished(p0, "a")).isEqualTo("c");
        assertThat(sequencer.finished(p1, "never admitted")).isNull();
    }
}
