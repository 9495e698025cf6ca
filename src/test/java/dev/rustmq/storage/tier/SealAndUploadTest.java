package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.hex;
import static dev.rustmq.storage.tier.TierFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.Backoff;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.SegmentMetadata;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sealing by size and by age, the upload bound and retries, and the manifest-then-trim order. */
class SealAndUploadTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final int batchSize = producerBatch("x", 10, 100).remaining();
    private TierHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private void append(TopicPartition tp, int batches) {
        for (int i = 0; i < batches; i++) {
            h.logs.append(tp, producerBatch("x", 10, 100), 0).join();
        }
    }

    @Test
    void aPartitionIsSealedOnceSegmentSizeBytesWaitAndTheWalIsTrimmedAfterTheManifest() {
        h = new TierHarness(TierOptions.defaults(3L * batchSize, 600_000));
        append(ORDERS_0, 2);
        h.check();
        assertThat(h.store.objects.list("topics/")).isEmpty();
        assertThat(h.manifest(ORDERS_0)).isEmpty();

        append(ORDERS_0, 1);
        h.check();

        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 30);
        PartitionManifest manifest = h.manifest(ORDERS_0).orElseThrow();
        assertThat(manifest.logStartOffset()).isZero();
        assertThat(manifest.segments()).extracting(SegmentMetadata::key)
                .containsExactly("topics/orders/0/00000000000000000000-00000000000000000029-0.seg");
        SegmentMetadata segment = manifest.segments().get(0);
        assertThat(h.store.objects.list("topics/orders/0/").get(0).size()).isEqualTo(segment.sizeBytes());
        // The object holds the partition's batches byte for byte.
        List<ByteBuffer> stored = SegmentBatches.decode(segment.key(), h.store.objects.get(segment.key())).batches();
        assertThat(hex(stored)).isEqualTo(hex(h.readAll(ORDERS_0, 1 << 20)));
        await().atMost(WAIT).until(() -> h.wal.startOffset() == h.wal.endOffset());
        assertThat(h.log(ORDERS_0).uploadedEnd()).isEqualTo(30);
    }

    @Test
    void sizeSealsWholeSegmentsAndLeavesTheRestToWaitForItsAge() {
        h = new TierHarness(TierOptions.defaults(3L * batchSize, 600_000));
        append(ORDERS_0, 7);
        h.check();

        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 60);
        assertThat(h.manifest(ORDERS_0).orElseThrow().segments()).extracting(SegmentMetadata::baseOffset)
                .containsExactly(0L, 30L);
        h.check();
        assertThat(h.uploadedEnd(ORDERS_0)).as("one batch still waits").isEqualTo(60);

        h.time.sleep(600_000);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 70);
    }

    @Test
    void dataIsSealedOnceItsOldestBatchWaitedUploadIntervalMs() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 10_000));
        MockTime time = h.time;
        append(ORDERS_0, 1);
        time.sleep(5_000);
        append(ORDERS_0, 1);
        h.check();
        time.sleep(4_999);
        h.check();
        assertThat(h.manifest(ORDERS_0)).as("the oldest batch waited 9.999 s").isEmpty();

        time.sleep(1);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 20);

        // The next batch starts a new wait.
        append(ORDERS_0, 1);
        time.sleep(9_999);
        h.check();
        assertThat(h.uploadedEnd(ORDERS_0)).isEqualTo(20);
        time.sleep(1);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 30);
        assertThat(h.manifest(ORDERS_0).orElseThrow().segments()).hasSize(2);
    }

    @Test
    void aTopicsSegmentSizeAndSegmentMsOverrideTheBrokers() {
        h = new TierHarness(TierOptions.defaults(1L << 30, 600_000));
        TopicPartition bySize = new TopicPartition("small-segments", 0);
        TopicPartition byAge = new TopicPartition("short-wait", 0);
        h.metadata.createTopic(topic("small-segments", java.util.Map.of("segment_size_bytes",
                Long.toString(2L * batchSize))), placement("small-segments"));
        h.metadata.createTopic(topic("short-wait", java.util.Map.of("segment_ms", "500")), placement("short-wait"));
        append(bySize, 2);
        append(byAge, 1);
        append(ORDERS_0, 1);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(bySize) == 20);
        assertThat(h.uploadedEnd(byAge)).isZero();

        h.time.sleep(500);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(byAge) == 10);
        assertThat(h.manifest(ORDERS_0)).as("the broker's limits for other topics").isEmpty();
    }

    private static dev.rustmq.metadata.TopicMetadata topic(String name, java.util.Map<String, String> configs) {
        return new dev.rustmq.metadata.TopicMetadata(name, "id", 1, 1, dev.rustmq.metadata.RetentionPolicy.DEFAULT,
                dev.rustmq.protocol.record.CompressionType.NONE, List.of(), configs, 1);
    }

    private static List<dev.rustmq.metadata.PartitionMetadata> placement(String topic) {
        return List.of(new dev.rustmq.metadata.PartitionMetadata(topic, 0, "0", List.of("0"), List.of("0"), 0));
    }

    @Test
    void atMostMaxConcurrentUploadsRunAtOnceAndTheOthersFollow() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000).withMaxConcurrentUploads(2));
        Semaphore gate = new Semaphore(0);
        h.store.gate = gate;
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            partitions.add(new TopicPartition("many", p));
            append(partitions.get(p), 1);
        }
        h.time.sleep(1_000);
        h.check();

        await().atMost(WAIT).until(() -> h.store.putsInFlight.get() == 2);
        assertThat(h.store.puts.get()).isZero();
        gate.release(1);
        await().atMost(WAIT).until(() -> h.store.puts.get() == 1 && h.store.putsInFlight.get() == 2);
        gate.release(100);

        await().atMost(WAIT).until(() -> partitions.stream().allMatch(tp -> h.uploadedEnd(tp) == 10));
        assertThat(h.store.maxPutsInFlight.get()).isEqualTo(2);
        assertThat(h.tier.stats().committedSegments()).isEqualTo(6);
    }

    @Test
    void theNextSegmentIsBuiltWhileTheSlotsUploadAndNoMoreThanThat() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000).withMaxConcurrentUploads(2));
        Semaphore gate = new Semaphore(0);
        h.store.gate = gate;
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            partitions.add(new TopicPartition("many", p));
            append(partitions.get(p), 1); // one segment each, all the same size
        }
        h.time.sleep(1_000);
        h.check();

        await().atMost(WAIT).until(() -> h.store.putsInFlight.get() == 2);
        long segment = producerBatch("x", 10, 100).remaining() + SegmentIndex.ENTRY_SIZE + SegmentFooter.SIZE;
        // Two in the slots, a third built and waiting for one; the other three not built yet.
        await().atMost(WAIT).until(() -> h.tier.stats().uploadedBytes() == 3 * segment);
        assertThat(h.store.putsInFlight.get()).isEqualTo(2);
        gate.release(1);
        // The built one takes the freed slot; the thread that freed it builds the fourth.
        await().atMost(WAIT).until(() -> h.store.puts.get() == 1 && h.store.putsInFlight.get() == 2
                && h.tier.stats().uploadedBytes() == 4 * segment);
        gate.release(100);

        await().atMost(WAIT).until(() -> partitions.stream().allMatch(tp -> h.uploadedEnd(tp) == 10));
        assertThat(h.store.maxPutsInFlight.get()).isEqualTo(2);
        assertThat(h.tier.stats().uploadedBytes()).isEqualTo(6 * segment);
    }

    @Test
    void aPartitionDeletedWhileItsSegmentUploadsIsNeverRecordedAndARecreatedOneStartsEmpty() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000));
        TopicPartition gone = new TopicPartition("gone", 0);
        TierFixtures.createTopics(h.metadata, List.of(gone));
        Semaphore gate = new Semaphore(0);
        h.store.gate = gate;
        append(gone, 2);
        h.time.sleep(1_000);
        h.check();
        await().atMost(WAIT).until(() -> h.store.putsInFlight.get() == 1);

        h.metadata.deleteTopic("gone");
        h.logs.deletePartition(gone).join();
        gate.release(100);
        await().atMost(WAIT).until(() -> h.tier.stats().uploads() == 1);
        h.check();
        assertThat(h.manifest(gone)).isEmpty();

        TierFixtures.createTopics(h.metadata, List.of(gone));
        assertThat(h.logs.append(gone, producerBatch("x", 10, 100), 0).join().baseOffset()).isZero();
        h.time.sleep(1_000);
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(gone) == 10);
        assertThat(h.manifest(gone).orElseThrow().segments()).hasSize(1);
    }

    @Test
    void failedUploadsAreRetriedUntilTheySucceedAndNothingIsTrimmedBefore() {
        h = new TierHarness(TierOptions.defaults(1L << 20, 1_000));
        h.store.failingPuts.set(3);
        append(ORDERS_0, 2);
        h.time.sleep(1_000);
        h.check();

        h.advanceUntil(100, () -> h.uploadedEnd(ORDERS_0) == 20); // retries wait 10, 20, 40 ms
        assertThat(h.store.failedPuts.get()).isEqualTo(3);
        assertThat(h.store.puts.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> h.wal.startOffset() == h.wal.endOffset());
    }


    @Test
    void uploadBackoffDoublesUpToItsMaximumAndThrottlingWaitsTheMaximum() {
        Backoff backoff = TieredStorage.uploadBackoff(TierOptions.defaults(1L << 20, 1_000)); // 10 ms up to 1 s
        assertThat(backoff.delayMs(1, false)).isEqualTo(10);
        assertThat(backoff.delayMs(2, false)).isEqualTo(20);
        assertThat(backoff.delayMs(4, false)).isEqualTo(80);
        assertThat(backoff.delayMs(8, false)).isEqualTo(1_000);
        assertThat(backoff.delayMs(500, false)).isEqualTo(1_000);
        assertThat(backoff.delayMs(1, true)).isEqualTo(1_000);
    }
}
