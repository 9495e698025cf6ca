package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.ORDERS_1;
import static dev.rustmq.storage.tier.TierFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.storage.object.RetryPolicy;
import dev.rustmq.storage.object.RetryingObjectStore;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upload pipeline's numbers for metrics: lag in bytes and age, stored bytes and rate, errors and retries. */
class UploadMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final int batchSize = producerBatch("x", 10, 100).remaining();
    private TierHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private void append(TopicPartition tp) {
        h.logs.append(tp, producerBatch("x", 10, 100), 0).join();
    }

    private long manifestBytes(TopicPartition tp) {
        return h.manifest(tp).map(m -> m.segments().stream().mapToLong(SegmentMetadata::sizeBytes).sum()).orElse(0L);
    }

    @Test
    void lagCountsBytesNotInAManifestAndAgesFromTheOldestOfThemUntilItIsCommitted() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000));
        TierFixtures.createTopics(h.metadata, List.of(ORDERS_0, ORDERS_1));
        assertThat(h.tier.uploadLagBytes()).isZero();
        assertThat(h.tier.uploadLagSeconds()).isZero();

        append(ORDERS_0);
        h.time.sleep(300);
        assertThat(h.tier.uploadLagBytes()).isEqualTo(batchSize);
        assertThat(h.tier.uploadLagSeconds()).isEqualTo(0.3);

        // Sealed by age but held in the store: still lag, and still as old as its first batch.
        Semaphore gate = new Semaphore(0);
        h.store.gate = gate;
        h.time.sleep(700);
        h.check();
        await().atMost(WAIT).until(() -> h.store.putsInFlight.get() == 1);
        h.time.sleep(500);
        append(ORDERS_1);
        h.time.sleep(250);
        assertThat(h.tier.uploadLagBytes()).isEqualTo(2L * batchSize);
        assertThat(h.tier.uploadLagSeconds()).as("orders-0's batch waits since 0 s").isEqualTo(1.75);

        // orders-0 committed: only orders-1's younger batch is left.
        gate.release(100);
        // The manifest is written first, then the log and the lag learn of it: wait for all three.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(h.uploadedEnd(ORDERS_0)).isEqualTo(10);
            assertThat(h.tier.uploadLagBytes()).isEqualTo(batchSize);
            assertThat(h.tier.uploadLagSeconds()).isEqualTo(0.25);
        });

        h.time.sleep(1_000);
        h.check();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(h.uploadedEnd(ORDERS_1)).isEqualTo(10);
            assertThat(h.tier.uploadLagBytes()).isZero();
            assertThat(h.tier.uploadLagSeconds()).isZero();
        });
    }

    @Test
    void countsStoredAndCommittedBytesAndTheirRateOverTheLastMinute() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000));
        TierFixtures.createTopics(h.metadata, List.of(ORDERS_0));
        append(ORDERS_0);
        append(ORDERS_0);
        h.time.sleep(1_000);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 20);
        append(ORDERS_0);
        h.time.sleep(1_000);
        h.check();
        TierStats stats = h.tier.stats();
        await().atMost(WAIT).until(() -> stats.committedSegments() == 2 && stats.uploads() == 2);
        long objects = manifestBytes(ORDERS_0);
        assertThat(stats.uploads()).isEqualTo(2);
        assertThat(stats.storedBytes()).isEqualTo(objects).isGreaterThan(3L * batchSize);
        assertThat(stats.committedBytes()).isEqualTo(objects);
        assertThat(stats.committedSegments()).isEqualTo(2);
        // Three whole seconds since the harness started (the mock clock starts on a second).
        assertThat(stats.uploadBytesPerSecond()).isEqualTo(objects / 3.0);

        h.time.sleep(60_000);
        assertThat(stats.uploadBytesPerSecond()).as("a minute later").isZero();
        assertThat(stats.storedBytes()).as("the counter stays").isEqualTo(objects);
        assertThat(stats.uploadErrors()).isZero();
        assertThat(stats.uploadRetries()).isZero();
    }

    @Test
    void countsFailedUploadsAndEveryRetryOfTheUploaderAndOfTheStore() {
        FaultyObjectStore faulty = new FaultyObjectStore();
        // Two tries per put in the store: 5 failing puts = 2 store retries each in two uploader tries, then 1 more.
        RetryingObjectStore retrying = new RetryingObjectStore(faulty, new RetryPolicy(2, 1, 1, 10_000), 4);
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000), new MemoryWriteAheadLog(64L << 20),
                new MemoryMetadataStore(), retrying, 8L << 20, new MockTime());
        TierFixtures.createTopics(h.metadata, List.of(ORDERS_0));
        faulty.failingPuts.set(5);
        append(ORDERS_0);
        h.time.sleep(1_000);
        h.check();
        TierStats stats = h.tier.stats();
        h.advanceUntil(100, () -> stats.uploads() == 1 && h.uploadedEnd(ORDERS_0) == 10);
        assertThat(faulty.failedPuts.get()).isEqualTo(5);
        // Store tries: [fail, fail] → uploader error; [fail, fail] → error; [fail, ok].
        assertThat(stats.uploadErrors()).isEqualTo(2);
        assertThat(stats.uploadRetries()).as("3 store retries + 2 uploader retries").isEqualTo(5);
    }
}
