package dev.rustmq.client.producer;

import static dev.rustmq.client.producer.Sends.errorOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.record.ProducerFields;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sender's rounds ({@link Sender#runOnce()}) on a MockTime against a fake broker, on the test
 * thread: linger, retry back-off, retries and delivery timeout happen exactly when the clock says.
 */
class SenderTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private final MockTime time = new MockTime();
    private final FakeProducerClient broker = new FakeProducerClient();
    private final ProducerCounters counters = new ProducerCounters();
    private RecordAccumulator accumulator;
    private BufferMemory memory;
    private Sender sender;

    /** A sender of {@code config} whose thread is never started: the test runs its rounds. */
    private void sender(ProducerConfig.Builder config) {
        ProducerConfig c = config.build();
        accumulator = new RecordAccumulator(c.batchSize(), broker.maxFrameBytes(), c.lingerMs(), c.deliveryTimeoutMs(),
                time);
        memory = new BufferMemory(c.bufferMemory(), time);
        ProducerMetadata metadata = new ProducerMetadata(broker, time, c.metadataMaxAgeMs(), c.retryBackoffMs());
        sender = new Sender("sender-under-test", broker, false, c, accumulator, memory, metadata, counters, time);
    }

    /** What {@code Producer.send} does once it knows the partition. */
    private CompletableFuture<RecordMetadata> send(String value) throws InterruptedException {
        Record record = new Record(time.milliseconds(), null, value.getBytes(UTF_8), List.of());
        long reserved = RecordBatchBuilder.maxSizeInBatch(record);
        memory.reserve(reserved, time.nanoseconds());
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        assertThat(accumulator.append(ORDERS_0, record, reserved, future, false).appended()).isTrue();
        return future;
    }

    private FakeProducerClient.Request request() {
        FakeProducerClient.Request request = broker.requests.poll();
        assertThat(request).as("a produce request").isNotNull();
        assertThat(broker.requests).as("one produce request").isEmpty();
        return request;
    }

    /** One round that sends, the broker's answer {@code error}, and the round that takes the answer in. */
    private void sendAndFail(ErrorCode error) {
        sender.runOnce();
        request().fail(error);
        sender.runOnce();
    }

    @Test
    void aBatchWaitsForLingerOnTheClock() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(50));
        send("a");
        assertThat(sender.runOnce()).as("park until the linger ends").isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        time.sleep(49);
        assertThat(sender.runOnce()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(broker.requests).isEmpty();
        time.sleep(1);
        sender.runOnce();
        assertThat(request().partition()).isZero();
    }

    @Test
    void aRetriableErrorIsRetriedOnceTheBackoffHasPassedDoublingPerAttempt() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0).retryBackoffMs(100).retryBackoffMaxMs(1_000));
        CompletableFuture<RecordMetadata> sent = send("a");

        sendAndFail(ErrorCode.WAL_FULL); // the first back-off: 100 ms give or take 20%
        time.sleep(79);
        sender.runOnce();
        assertThat(broker.requests).isEmpty();
        time.sleep(41);
        sendAndFail(ErrorCode.WAL_FULL); // the second: 200 ms give or take 20%
        time.sleep(159);
        sender.runOnce();
        assertThat(broker.requests).isEmpty();
        time.sleep(81);
        sender.runOnce();
        request().succeed(42);
        sender.runOnce();

        assertThat(sent).isCompletedWithValueMatching(m -> m.offset() == 42 && m.partition() == 0);
        assertThat(counters.snapshot()).isEqualTo(new ProducerMetrics(1, 0, 2, 3));
        assertThat(memory.available()).isEqualTo(memory.total());
    }

    @Test
    void aBatchFailsWithTheLastErrorOnceItsRetriesAreUsedUp() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0).retries(1).retryBackoffMs(100));
        CompletableFuture<RecordMetadata> sent = send("a");
        sendAndFail(ErrorCode.WAL_FULL);
        time.sleep(120);
        sendAndFail(ErrorCode.WAL_FULL);

        assertThat(errorOf(sent).errorCode()).isEqualTo(ErrorCode.WAL_FULL);
        assertThat(counters.snapshot()).isEqualTo(new ProducerMetrics(0, 1, 1, 2));
        assertThat(memory.available()).isEqualTo(memory.total());
    }

    @Test
    void anErrorThatCannotBeRetriedFailsAtOnce() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0));
        CompletableFuture<RecordMetadata> sent = send("a");
        sendAndFail(ErrorCode.CORRUPT_MESSAGE);
        assertThat(errorOf(sent).errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
        assertThat(counters.snapshot().recordsRetried()).isZero();
    }

    @Test
    void aBatchThatKeepsFailingExpiresAtTheDeliveryTimeout() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0).requestTimeoutMs(1_000).deliveryTimeoutMs(5_000)
                .retryBackoffMs(100).retryBackoffMaxMs(100));
        CompletableFuture<RecordMetadata> sent = send("a");
        long start = time.milliseconds();
        while (true) {
            sender.runOnce();
            FakeProducerClient.Request request;
            while ((request = broker.requests.poll()) != null) {
                request.fail(ErrorCode.WAL_FULL);
            }
            sender.runOnce(); // back in its queue until the back-off has passed
            long elapsed = time.milliseconds() - start;
            if (elapsed == 4_999) {
                break;
            }
            time.sleep(Math.min(25, 4_999 - elapsed));
        }
        assertThat(sent).isNotDone();
        assertThat(counters.snapshot().recordsRetried()).isGreaterThanOrEqualTo(40);

        time.sleep(1);
        sender.runOnce();
        RustMqClientException error = errorOf(sent);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(error).hasMessageContaining("5000 ms have passed").hasMessageContaining("delivery.timeout.ms 5000")
                .hasMessageContaining("injected WAL_FULL");
    }

    @Test
    void closingEndsTheRoundsOnceNothingIsInFlightAndForcingFailsWhatIs() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0));
        CompletableFuture<RecordMetadata> answered = send("a");
        sender.runOnce();
        sender.initiateClose();
        assertThat(sender.runOnce()).as("one request in flight").isPositive();
        request().succeed(7);
        assertThat(sender.runOnce()).isEqualTo(-1);
        assertThat(answered).isCompletedWithValueMatching(m -> m.offset() == 7);

        sender(ProducerConfig.builder().lingerMs(0));
        CompletableFuture<RecordMetadata> unanswered = send("b");
        sender.runOnce();
        sender.forceClose(new RustMqClientException(ErrorCode.REQUEST_TIMED_OUT, "closed"));
        assertThat(sender.runOnce()).isEqualTo(-1);
        assertThat(errorOf(unanswered)).hasMessageEndingWith("closed");
    }

    /** The producer fields of the {@code i}th batch the broker was sent. */
    private ProducerFields sentFields(int i) {
        RecordBatch batch = RecordBatch.wrap(broker.sentBatches.get(i).duplicate());
        return new ProducerFields(batch.producerId(), batch.producerEpoch(), batch.baseSequence());
    }

    @Test
    void anIdempotentProducerNumbersItsBatchesAndARetryKeepsItsNumbers() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0).retryBackoffMs(0).retryBackoffMaxMs(0));
        send("a");
        send("b");
        sendAndFail(ErrorCode.NOT_LEADER);
        time.sleep(1);
        sender.runOnce();
        request().succeed(0);
        sender.runOnce();
        send("c");
        sender.runOnce();
        request().succeed(2);

        assertThat(broker.producerIds).as("one id for the producer's life").hasValue(1);
        assertThat(sentFields(0)).isEqualTo(new ProducerFields(1_001, (short) 0, 0));
        assertThat(sentFields(1)).as("the retry: the same id and sequence").isEqualTo(sentFields(0));
        assertThat(sentFields(2)).as("the next batch continues at 2").isEqualTo(new ProducerFields(1_001, (short) 0, 2));
    }

    @Test
    void aSentBatchThatFailsForGoodMakesTheProducerStartAgainWithANewId() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0));
        CompletableFuture<RecordMetadata> failed = send("a");
        sendAndFail(ErrorCode.CORRUPT_MESSAGE);
        assertThat(errorOf(failed)).isNotNull();
        send("b");
        sender.runOnce();

        assertThat(sentFields(1)).isEqualTo(new ProducerFields(1_002, (short) 0, 0));
    }

    @Test
    void withoutIdempotenceBatchesCarryNoProducer() throws InterruptedException {
        sender(ProducerConfig.builder().lingerMs(0).enableIdempotence(false));
        send("a");
        sender.runOnce();
        assertThat(sentFields(0)).isEqualTo(ProducerFields.NONE);
        assertThat(broker.producerIds).hasValue(0);
    }
}
