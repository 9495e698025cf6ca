package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.ORDERS_1;
import static dev.rustmq.storage.tier.TierFixtures.PAYMENTS_0;
import static dev.rustmq.storage.tier.TierFixtures.createTopics;
import static dev.rustmq.storage.tier.TierFixtures.producerBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting a topic deletes its objects; the orphan sweep deletes objects no manifest uses or ever
 * will (deleted topics, fenced and re-cut uploads, ranges below the log start) and keeps uploads
 * that may still be committed.
 */
class ObjectCleanupTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final int batchSize = producerBatch("x", 10, 100).remaining();
    private final MetadataStore metadata = new MemoryMetadataStore();
    private TierHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private TierHarness harness(dev.rustmq.storage.object.ObjectStore store) {
        return new TierHarness(TierOptions.defaults(batchSize, 600_000), new MemoryWriteAheadLog(64L << 20), metadata,
                store, 8L << 20, new MockTime());
    }

    private void appendAndUpload(TopicPartition tp, int batches) {
        for (int i = 0; i < batches; i++) {
            h.logs.append(tp, producerBatch("x", 10, 100), 0).join();
        }
        long end = h.log(tp).highWatermark();
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(tp) == end);
    }

    private List<String> keys(String prefix) {
        return h.objectStore.list(prefix).stream().map(ObjectInfo::key).toList();
    }

    private String topicId(String topic) {
        return metadata.topic(topic).orElseThrow().topicId();
    }

    private void plant(String key) {
        h.objectStore.put(key, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    @Test
    void deletingATopicDeletesItsObjectsAndManifestsAndNothingElse() {
        createTopics(metadata, List.of(ORDERS_0, ORDERS_1, PAYMENTS_0));
        h = harness(new FaultyObjectStore());
        appendAndUpload(ORDERS_0, 2);
        appendAndUpload(ORDERS_1, 1);
        appendAndUpload(PAYMENTS_0, 2);
        List<String> payments = keys("topics/payments/");
        assertThat(keys("topics/orders/")).hasSize(3);

        // What RustMqNode.deleteTopic does: metadata (with the manifests), the logs, then the objects.
        metadata.deleteTopic("orders");
        h.logs.deletePartition(ORDERS_0).join();
        h.logs.deletePartition(ORDERS_1).join();
        h.tier.topicDeleted("orders").join();

        assertThat(keys("topics/orders/")).isEmpty();
        assertThat(h.manifest(ORDERS_0)).isEmpty();
        assertThat(h.manifest(ORDERS_1)).isEmpty();
        assertThat(keys("topics/payments/")).isEqualTo(payments);
        assertThat(h.manifest(PAYMENTS_0)).isPresent();
        assertThat(h.tier.retentionStats().orphansDeleted()).isEqualTo(3);
    }

    @Test
    void aRecreatedTopicKeepsItsObjectsWhileTheOldIncarnationsGo() {
        createTopics(metadata, List.of(ORDERS_0));
        String oldId = topicId("orders");
        h = harness(new FaultyObjectStore());
        metadata.deleteTopic("orders");
        h.logs.deletePartition(ORDERS_0).join();
        createTopics(metadata, List.of(ORDERS_0));
        appendAndUpload(ORDERS_0, 2);
        List<String> live = keys("topics/orders/");
        // A late upload of the old incarnation, landing after the new one exists.
        plant(new SegmentKey(ORDERS_0, 20, 29, 0, oldId).key());

        h.tier.retentionNow().join();

        assertThat(keys("topics/orders/")).isEqualTo(live);
    }

    @Test
    void theSweepDeletesGarbageAndKeepsWhatIsOrMayBecomePartOfALog() {
        createTopics(metadata, List.of(ORDERS_0, ORDERS_1));
        h = harness(new FaultyObjectStore());
        appendAndUpload(ORDERS_0, 3); // [0..9] [10..19] [20..29]
        String id = topicId("orders");
        List<String> named = h.manifest(ORDERS_0).orElseThrow().segments().stream().map(SegmentMetadata::key).toList();

        String fenced = new SegmentKey(ORDERS_0, 0, 9, 7, id).key();           // another epoch's copy of a range
        String recut = new SegmentKey(ORDERS_0, 10, 24, 0, id).key();          // overlaps what the manifest holds
        String deletedTopic = new SegmentKey(new TopicPartition("gone", 0), 0, 9, 0, UUID.randomUUID().toString()).key();
        String oldIncarnation = new SegmentKey(ORDERS_0, 30, 39, 0, UUID.randomUUID().toString()).key();
        String beyondEnd = new SegmentKey(ORDERS_0, 30, 39, 0, id).key();      // may be committed next
        String noManifestYet = new SegmentKey(ORDERS_1, 0, 9, 0, id).key();    // a first upload in flight
        String noSuchPartition = new SegmentKey(new TopicPartition("orders", 5), 0, 9, 0, id).key();
        String notASegment = "topics/orders/0/notes.txt";
        String elsewhere = "backups/orders/0/00000000000000000000-00000000000000000009-0.seg";
        for (String k : List.of(fenced, recut, deletedTopic, oldIncarnation, beyondEnd, noManifestYet, noSuchPartition,
                notASegment, elsewhere)) {
            plant(k);
        }

        h.tier.retentionNow().join();

        assertThat(h.objectStore.list("").stream().map(ObjectInfo::key).toList())
                .containsExactlyInAnyOrderElementsOf(concat(named, List.of(beyondEnd, noManifestYet, notASegment,
                        elsewhere)));
        assertThat(h.tier.retentionStats().orphansDeleted()).isEqualTo(5);
        assertThat(h.tier.retentionStats().orphanBytesDeleted()).isEqualTo(5 * 3);
        // The log is untouched.
        assertThat(h.readAll(ORDERS_0, 1 << 20)).hasSize(3);
    }

    @Test
    void anUploadStoredButWaitingForAnEarlierOneSurvivesTheSweepAndIsCommitted() {
        createTopics(metadata, List.of(ORDERS_0));
        ControlledObjectStore store = new ControlledObjectStore();
        h = harness(store);
        h.logs.append(ORDERS_0, producerBatch("x", 10, 100), 0).join();
        h.check();
        await().atMost(WAIT).until(() -> store.pending().size() == 1);
        store.pending().get(0).outcome().complete(true);
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 10);

        h.logs.append(ORDERS_0, producerBatch("y", 10, 100), 0).join();
        h.logs.append(ORDERS_0, producerBatch("z", 10, 100), 0).join();
        h.check();
        await().atMost(WAIT).until(() -> store.pending().size() == 2);
        ControlledObjectStore.PendingPut first = store.pending().stream()
                .filter(p -> p.key().contains("00000000000000000010-")).findFirst().orElseThrow();
        ControlledObjectStore.PendingPut second = store.pending().stream()
                .filter(p -> p.key().contains("00000000000000000020-")).findFirst().orElseThrow();
        second.outcome().complete(true);
        await().atMost(WAIT).until(() -> store.objects.list("topics/").size() == 2);

        h.tier.retentionNow().join(); // the second is beyond the manifest's end: kept

        assertThat(store.objects.list("topics/")).extracting(ObjectInfo::key).contains(second.key());
        first.outcome().complete(true);
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == 30);
        h.tier.retentionNow().join();
        assertThat(store.objects.list("topics/")).hasSize(3);
        assertThat(h.readAll(ORDERS_0, 1 << 20)).hasSize(3);
        assertThat(h.tier.retentionStats().orphansDeleted()).isZero();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
