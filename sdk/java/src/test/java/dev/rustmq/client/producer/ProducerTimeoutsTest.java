package dev.rustmq.client.producer;

import static dev.rustmq.client.producer.Sends.errorOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.MockTime;
import dev.rustmq.errors.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The producer's waits on a MockTime, its sender thread running, against a fake broker: what a
 * blocked {@code send} and a bounded {@code close} give up on happens when the mock clock says.
 */
class ProducerTimeoutsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockTime time = new MockTime();
    private final FakeProducerClient broker = new FakeProducerClient();

    @Test
    void aLookupThatKeepsFailingIsRetriedEveryBackoffUntilMaxBlockMs() {
        broker.metadataError = ErrorCode.LEADER_NOT_AVAILABLE;
        try (Producer producer = new Producer(broker, ProducerConfig.builder().maxBlockMs(1_000).retryBackoffMs(100)
                .build(), time, false)) {
            long start = time.milliseconds();
            CompletableFuture<RecordMetadata> sent = producer.send(new ProducerRecord("orders", new byte[] {1}));

            // The sending thread's sleeps between lookups move the mock clock: no real waiting.
            assertThat(time.milliseconds() - start).isEqualTo(1_000);
            assertThat(broker.metadataLookups).hasValue(10);
            RustMqClientException error = errorOf(sent);
            assertThat(error.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
            assertThat(error).hasMessageContaining("max.block.ms")
                    .hasMessageContaining("injected LEADER_NOT_AVAILABLE");
        }
    }

    @Test
    void closeWithATimeoutFailsWhatTheBrokerDidNotAnswerOnceTheClockPassesIt() throws Exception {
        Producer producer = new Producer(broker, ProducerConfig.builder().lingerMs(0).build(), time, true);
        CompletableFuture<RecordMetadata> sent = producer.send(new ProducerRecord("orders", new byte[] {1}));
        await().atMost(WAIT).until(() -> !broker.requests.isEmpty());

        AtomicReference<Thread> closing = new AtomicReference<>();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            closing.set(Thread.currentThread());
            producer.close(Duration.ofSeconds(5));
        });
        await().atMost(WAIT).until(() -> closing.get() != null
                && closing.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(sent).isNotDone();

        time.sleep(5_000);
        closed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        RustMqClientException error = errorOf(sent);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(error).hasMessageContaining("close timeout 5000 ms passed");
        assertThat(broker.closes).as("the producer owned the client").hasValue(1);
    }
}
