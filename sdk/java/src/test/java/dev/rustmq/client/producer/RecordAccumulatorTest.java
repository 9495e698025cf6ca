package dev.rustmq.client.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.record.ProducerFields;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.testing.PropertyCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {
    private static final long LINGER_MS = 100;
    private static final long DELIVERY_TIMEOUT_MS = 10_000;
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Predicate<TopicPartition> ALL = tp -> true;

    private final MockTime time = new MockTime();
    private RecordAccumulator accumulator = new RecordAccumulator(1_000, 1_000, LINGER_MS, DELIVERY_TIMEOUT_MS, time);

    private static Record record(String value) {
        return new Record(1_700_000_000_000L, null, value.getBytes(UTF_8), List.of());
    }

    private CompletableFuture<RecordMetadata> append(TopicPartition tp, String value) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        Record r = record(value);
        assertThat(accumulator.append(tp, r, RecordBatchBuilder.maxSizeInBatch(r), future, false).appended()).isTrue();
        return future;
    }

    private RecordAccumulator.Drained drain() {
        return accumulator.drain(time.nanoseconds(), Integer.MAX_VALUE, ALL, false);
    }

    private static List<String> values(ProducerBatch batch) {
        List<String> values = new ArrayList<>();
        // The records are only visible through the batch's encoding: decode it.
        for (Record r : RecordBatch.wrap(batch.encoded(dev.rustmq.protocol.record.CompressionType.NONE, ProducerFields.NONE)).records()) {
            values.add(new String(r.value(), UTF_8));
        }
        return values;
    }

    @Test
    void aBatchIsReadyOnceItsLingerTimeHasPassed() {
        append(P0, "a");
        long created = time.nanoseconds();
        RecordAccumulator.Drained early = drain();
        assertThat(early.ready()).isEmpty();
        assertThat(early.nextCheckNanos()).isEqualTo(created + TimeUnit.MILLISECONDS.toNanos(LINGER_MS));

        time.sleep(LINGER_MS - 1);
        append(P0, "b"); // joins the waiting batch; the batch's age counts from its first record
        assertThat(drain().ready()).isEmpty();
        time.sleep(1);
        RecordAccumulator.Drained due = drain();
        assertThat(due.ready()).singleElement().satisfies(b -> assertThat(values(b)).containsExactly("a", "b"));
        assertThat(drain().ready()).isEmpty();
    }

    @Test
    void aBatchIsCutAtBatchSizeAndTheFullOneIsReadyAtOnce() {
        List<String> sent = new ArrayList<>();
        int i = 0;
        while (true) {
            String value = "value-" + i++ + "-" + "x".repeat(40);
            Record r = record(value);
            RecordAccumulator.AppendResult result = accumulator.append(P0, r, RecordBatchBuilder.maxSizeInBatch(r),
                    new CompletableFuture<>(), false);
            sent.add(value);
            if (result.wakeSender() && i > 1) {
                break; // the batch filled up, or this record opened the next one
            }
        }
        RecordAccumulator.Drained drained = drain();
        assertThat(drained.ready()).hasSize(1);
        ProducerBatch full = drained.ready().get(0);
        assertThat(full.sizeInBytes()).isLessThanOrEqualTo(1_000);
        assertThat(full.recordCount()).isGreaterThan(1);
        assertThat(full.encoded(dev.rustmq.protocol.record.CompressionType.NONE, ProducerFields.NONE).remaining())
                .isEqualTo(full.sizeInBytes());
        assertThat(values(full)).isEqualTo(sent.subList(0, full.recordCount()));
    }

    @Test
    void aRecordLargerThanBatchSizeGetsABatchOfItsOwn() {
        append(P0, "small");
        append(P0, "x".repeat(5_000));
        append(P0, "after");
        time.sleep(LINGER_MS);
        List<List<String>> batches = new ArrayList<>();
        RecordAccumulator.Drained d;
        while (!(d = drain()).ready().isEmpty()) {
            d.ready().forEach(b -> batches.add(values(b)));
        }
        assertThat(batches).containsExactly(List.of("small"), List.of("x".repeat(5_000)), List.of("after"));
    }

    @Test
    void aPartitionWithABatchInFlightSendsNothingElse() {
        append(P0, "a");
        time.sleep(LINGER_MS);
        ProducerBatch inFlight = drain().ready().get(0);
        append(P0, "b");
        append(P1, "c");
        time.sleep(LINGER_MS);
        RecordAccumulator.Drained d = accumulator.drain(time.nanoseconds(), 10, tp -> !tp.equals(P0), false);
        assertThat(d.ready()).extracting(ProducerBatch::topicPartition).containsExactly(P1);
        assertThat(inFlight.topicPartition()).isEqualTo(P0);
    }

    @Test
    void aRetriedBatchGoesBackToTheFrontAndWaitsForItsBackOff() {
        append(P0, "a");
        time.sleep(LINGER_MS);
        ProducerBatch first = drain().ready().get(0);
        first.onSend();
        append(P0, "b");
        time.sleep(LINGER_MS); // "b" is ready, but "a" must go first

        first.retryAt(time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(250),
                new RustMqClientException(ErrorCode.NOT_ENOUGH_REPLICAS, "not now"));
        accumulator.reenqueue(first);
        RecordAccumulator.Drained waiting = drain();
        assertThat(waiting.ready()).isEmpty();
        assertThat(waiting.nextCheckNanos()).isEqualTo(first.retryAtNanos());

        time.sleep(250);
        assertThat(drain().ready()).singleElement().satisfies(b -> assertThat(values(b)).containsExactly("a"));
        assertThat(drain().ready()).singleElement().satisfies(b -> assertThat(values(b)).containsExactly("b"));
    }

    /**
     * The sender's discipline (one batch in flight per partition; a retriable failure puts it back in
     * front) over random appends, failures and clock steps: every partition's log ends up with its
     * records exactly once, in append order.
     */
    @Test
    void recordsOfAPartitionAreStoredInAppendOrderWhateverFails() {
        PropertyCheck.forAll(200, g -> g.anyLong(), seed -> {
            java.util.Random random = new java.util.Random(seed);
            accumulator = new RecordAccumulator(200, random.nextBoolean() ? 200 : 1_000, random.nextInt(3) * 10L,
                    Integer.MAX_VALUE, time);
            List<TopicPartition> partitions = List.of(P0, P1, new TopicPartition("u", 0));
            Map<TopicPartition, List<String>> appended = new HashMap<>();
            Map<TopicPartition, List<String>> logs = new HashMap<>();
            List<ProducerBatch> inFlight = new ArrayList<>();
            Set<TopicPartition> busy = new HashSet<>();
            int n = 0;
            for (int step = 0; step < 300 || !inFlight.isEmpty() || accumulator.hasUndrained(); step++) {
                if (step < 300 && random.nextInt(3) > 0) {
                    TopicPartition tp = partitions.get(random.nextInt(partitions.size()));
                    String value = "r" + n++;
                    append(tp, value);
                    appended.computeIfAbsent(tp, k -> new ArrayList<>()).add(value);
                }
                if (step >= 300) {
                    accumulator.close(); // drain everything
                }
                RecordAccumulator.Drained drained = accumulator.drain(time.nanoseconds(), 1 + random.nextInt(3),
                        tp -> !busy.contains(tp), false);
                assertThat(drained.expired()).isEmpty();
                for (ProducerBatch b : drained.ready()) {
                    b.onSend();
                    inFlight.add(b);
                    busy.add(b.topicPartition());
                }
                if (!inFlight.isEmpty() && random.nextBoolean()) {
                    ProducerBatch answered = inFlight.remove(random.nextInt(inFlight.size()));
                    busy.remove(answered.topicPartition());
                    if (random.nextInt(3) == 0) {
                        answered.retryAt(time.nanoseconds() + random.nextInt(30) * 1_000_000L,
                                new RustMqClientException(ErrorCode.NOT_LEADER, "moved"));
                        accumulator.reenqueue(answered);
                    } else {
                        logs.computeIfAbsent(answered.topicPartition(), k -> new ArrayList<>()).addAll(values(answered));
                        answered.complete(0);
                    }
                }
                time.sleep(random.nextInt(15));
            }
            assertThat(logs).isEqualTo(appended);
        });
    }

    @Test
    void aBacklogOfFullBatchesTravelsAsOneBatchUpToTheRequestSize() {
        accumulator = new RecordAccumulator(1_000, 5_000, LINGER_MS, DELIVERY_TIMEOUT_MS, time);
        append(P0, "first");
        time.sleep(LINGER_MS);
        ProducerBatch inFlight = drain().ready().get(0);
        // While "first" is in flight, full batches pile up behind it, and one more keeps lingering.
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add("backlog-" + i + "-" + "y".repeat(30));
            futures.add(append(P0, values.get(i)));
        }
        assertThat(accumulator.drain(time.nanoseconds(), 10, tp -> false, false).ready()).isEmpty();
        inFlight.complete(0);

        ProducerBatch merged = drain().ready().get(0);
        assertThat(merged.sizeInBytes()).isGreaterThan(1_000).isLessThanOrEqualTo(5_000);
        assertThat(merged.encoded(dev.rustmq.protocol.record.CompressionType.NONE, ProducerFields.NONE).remaining())
                .isEqualTo(merged.sizeInBytes());
        List<String> sent = new ArrayList<>(values(merged));
        assertThat(sent).isEqualTo(values.subList(0, sent.size()));
        merged.complete(1);
        assertThat(futures.get(sent.size() - 1).join().offset()).isEqualTo(sent.size());

        accumulator.beginFlush();
        ProducerBatch rest;
        while (accumulator.hasUndrained()) {
            rest = drain().ready().get(0);
            sent.addAll(values(rest));
            rest.complete(0);
        }
        assertThat(sent).isEqualTo(values);
        assertThat(accumulator.incompleteBatches()).isEmpty();
        assertThat(futures).allMatch(CompletableFuture::isDone);
    }

    @Test
    void withBatchSizeZeroEveryRecordTravelsAlone() {
        accumulator = new RecordAccumulator(0, 5_000, LINGER_MS, DELIVERY_TIMEOUT_MS, time);
        for (int i = 0; i < 3; i++) {
            append(P0, "v" + i);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(drain().ready()).singleElement().satisfies(b -> assertThat(b.recordCount()).isEqualTo(1));
        }
    }

    @Test
    void batchesPastTheDeliveryTimeoutExpireEvenBehindARequestInFlight() {
        append(P0, "old");
        time.sleep(DELIVERY_TIMEOUT_MS - 1);
        append(P1, "young");
        RecordAccumulator.Drained d = accumulator.drain(time.nanoseconds(), 0, tp -> false, false);
        assertThat(d.expired()).isEmpty();
        time.sleep(1);
        d = accumulator.drain(time.nanoseconds(), 0, tp -> false, false);
        assertThat(d.expired()).singleElement().satisfies(b -> assertThat(b.topicPartition()).isEqualTo(P0));
        assertThat(d.nextCheckNanos()).isEqualTo(time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(DELIVERY_TIMEOUT_MS - 1));
    }

    @Test
    void flushCloseAndAWaitingSendMakeEveryBatchReadyAtOnce() {
        append(P0, "a");
        accumulator.beginFlush();
        assertThat(drain().ready()).hasSize(1);
        accumulator.endFlush();

        append(P0, "b");
        assertThat(drain().ready()).isEmpty();
        assertThat(accumulator.drain(time.nanoseconds(), 10, ALL, true).ready()).hasSize(1);

        append(P0, "c");
        accumulator.close();
        assertThat(drain().ready()).hasSize(1);
        assertThatThrownBy(() -> append(P0, "d")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(accumulator.hasUndrained()).isFalse();
    }

    @Test
    void atMostTheAllowedNumberIsTakenAndTheRestGetTheirTurnNext() {
        for (int p = 0; p < 3; p++) {
            append(new TopicPartition("t", p), "v" + p);
        }
        time.sleep(LINGER_MS);
        Set<TopicPartition> taken = new HashSet<>();
        RecordAccumulator.Drained first = accumulator.drain(time.nanoseconds(), 2, ALL, false);
        assertThat(first.ready()).hasSize(2);
        first.ready().forEach(b -> taken.add(b.topicPartition()));
        RecordAccumulator.Drained second = accumulator.drain(time.nanoseconds(), 2, ALL, false);
        assertThat(second.ready()).hasSize(1);
        second.ready().forEach(b -> taken.add(b.topicPartition()));
        assertThat(taken).hasSize(3);
    }

    @Test
    void aKeylessAppendThatWouldOpenABatchIsRefused() {
        Record r = record("a");
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        assertThat(accumulator.append(P0, r, 10, f, true)).isEqualTo(RecordAccumulator.AppendResult.NEEDS_NEW_BATCH);
        append(P0, "first");
        assertThat(accumulator.append(P0, r, 10, f, true).appended()).isTrue();
    }

    @Test
    void aSplitBatchGoesBackInOrderAndCompletesTheOriginalRecords() {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(append(P0, "v" + i));
        }
        time.sleep(LINGER_MS);
        ProducerBatch batch = drain().ready().get(0);
        batch.onSend();
        long reserved = batch.reservedBytes();
        List<ProducerBatch> halves = batch.split();
        assertThat(halves.get(0).reservedBytes() + halves.get(1).reservedBytes()).isEqualTo(reserved);
        accumulator.reenqueueSplit(halves);

        ProducerBatch first = drain().ready().get(0);
        assertThat(values(first)).containsExactly("v0", "v1");
        first.complete(100);
        ProducerBatch second = drain().ready().get(0);
        assertThat(values(second)).containsExactly("v2", "v3", "v4");
        assertThat(batch.done()).isNotDone();
        second.fail(new RustMqClientException(ErrorCode.RECORD_TOO_LARGE, "too big"));

        assertThat(batch.done()).isCompleted();
        assertThat(futures.get(1).join().offset()).isEqualTo(101);
        assertThat(futures.get(4)).isCompletedExceptionally();
        assertThat(accumulator.incompleteBatches()).isEmpty();
    }
}
