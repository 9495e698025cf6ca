package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.createTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.errors.OffsetOutOfRangeException;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.metadata.RetentionPolicy;
import dev.rustmq.metadata.SegmentMetadata;
import dev.rustmq.metadata.TopicMetadata;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.log.LogReadResult;
import dev.rustmq.storage.object.ObjectInfo;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention by time and by size deletes whole uploaded segments from the front, moves the log
 * start (manifest first, then the log), and reads below it are OFFSET_OUT_OF_RANGE — also after a
 * restart, after a policy change, and when a cold read races the deletion.
 */
class RetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int RECORDS = 10;
    private final int batchSize = batchAt(0).remaining();
    private final MockTime time = new MockTime();
    private final MetadataStore metadata = new MemoryMetadataStore();
    private final FaultyObjectStore store = new FaultyObjectStore();
    private final MemoryWriteAheadLog wal = new MemoryWriteAheadLog(64L << 20);
    private TierHarness h;

    @BeforeEach
    void start() {
        createTopics(metadata, List.of(ORDERS_0));
        h = harness();
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** One segment per batch: every seal check seals what waits, a batch at a time. */
    private TierHarness harness() {
        return new TierHarness(TierOptions.defaults(batchSize, 600_000), wal, metadata, store, 8L << 20, time);
    }

    private static ByteBuffer batchAt(long timestamp) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new Record(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8), new byte[100], List.of()));
        }
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE, records);
    }

    /** Appends batches stamped {@code timestamp}, seals and uploads them (a segment each). */
    private void appendAndUpload(int batches, long timestamp) {
        for (int i = 0; i < batches; i++) {
            h.logs.append(ORDERS_0, batchAt(timestamp), 0).join();
        }
        long end = h.log(ORDERS_0).highWatermark();
        h.check();
        await().atMost(WAIT).until(() -> h.uploadedEnd(ORDERS_0) == end);
    }

    private void setPolicy(RetentionPolicy policy) {
        TopicMetadata t = metadata.topic(ORDERS_0.topic()).orElseThrow();
        metadata.updateTopic(new TopicMetadata(t.name(), t.topicId(), t.partitionCount(), t.replicationFactor(), policy,
                t.compression(), t.etlModules(), t.configs(), t.createdAtMs()), List.of());
    }

    private PartitionManifest manifest() {
        return h.manifest(ORDERS_0).orElseThrow();
    }

    private List<String> objectKeys() {
        return store.objects.list("topics/").stream().map(ObjectInfo::key).toList();
    }

    private void retention() {
        h.tier.retentionNow().join();
    }

    @Test
    void timeRetentionDeletesSegmentsOlderThanRetentionMsAndMovesTheLogStart() {
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        long now = time.milliseconds();
        appendAndUpload(3, now - 120_000);
        appendAndUpload(2, now - 1_000);
        List<SegmentMetadata> before = manifest().segments();
        assertThat(before).hasSize(5);

        retention();

        assertThat(manifest().logStartOffset()).isEqualTo(30);
        assertThat(manifest().segments()).containsExactlyElementsOf(before.subList(3, 5));
        assertThat(objectKeys()).containsExactly(before.get(3).key(), before.get(4).key());
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(30);
        assertThatThrownBy(() -> h.logs.read(ORDERS_0, 0, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> h.logs.read(ORDERS_0, 29, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        LogReadResult r = h.logs.read(ORDERS_0, 30, 1 << 20);
        assertThat(RecordBatch.wrap(r.batches().get(0)).baseOffset()).isEqualTo(30);
        assertThat(r.logStartOffset()).isEqualTo(30);
        assertThat(h.tier.retentionStats().segmentsDeleted()).isEqualTo(3);
        assertThat(h.tier.retentionStats().bytesDeleted())
                .isEqualTo(before.subList(0, 3).stream().mapToLong(SegmentMetadata::sizeBytes).sum());

        // The rest expires once the clock passes it; the log then starts at its end and goes on.
        time.sleep(60_000);
        retention();
        assertThat(manifest().logStartOffset()).isEqualTo(50);
        assertThat(manifest().segments()).isEmpty();
        assertThat(objectKeys()).isEmpty();
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(50);
        assertThat(h.logs.append(ORDERS_0, batchAt(time.milliseconds()), 0).join().baseOffset()).isEqualTo(50);
    }

    @Test
    void timeRetentionStopsAtTheFirstSegmentNotExpiredAndNeverTouchesDataOnlyInTheWal() {
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        long now = time.milliseconds();
        appendAndUpload(1, now - 120_000);
        appendAndUpload(1, now); // not expired: the expired one behind it stays too
        appendAndUpload(1, now - 120_000);
        h.logs.append(ORDERS_0, batchAt(now - 120_000), 0).join(); // expired, but only in the WAL

        retention();

        assertThat(manifest().logStartOffset()).isEqualTo(10);
        assertThat(manifest().segments()).hasSize(2);
        assertThat(h.log(ORDERS_0).highWatermark()).isEqualTo(40);
        assertThat(h.logs.read(ORDERS_0, 30, 1 << 20).batches()).hasSize(1);
    }

    @Test
    void sizeRetentionKeepsAtLeastRetentionBytesCountingDataNotYetUploaded() {
        appendAndUpload(5, time.milliseconds());
        long segment = manifest().segments().get(0).sizeBytes();
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.SIZE, 2 * segment + 1));

        retention();
        // 5 segments: dropping one leaves 4, then 3 (>= 2 segments + 1 byte); a third would leave 2.
        assertThat(manifest().segments()).hasSize(3);
        assertThat(manifest().logStartOffset()).isEqualTo(20);
        assertThat(objectKeys()).hasSize(3);

        // A batch waiting in the WAL counts towards the partition's size: one more segment goes.
        h.logs.append(ORDERS_0, batchAt(time.milliseconds()), 0).join();
        retention();
        assertThat(manifest().segments()).hasSize(2);
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(30);
        assertThat(objectKeys()).hasSize(2);
    }

    @Test
    void unlimitedRetentionDeletesNothing() {
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.SIZE, RetentionPolicy.UNLIMITED));
        appendAndUpload(3, 0);
        retention();
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, RetentionPolicy.UNLIMITED));
        retention();
        assertThat(manifest().logStartOffset()).isZero();
        assertThat(objectKeys()).hasSize(3);
        assertThat(h.tier.retentionStats().passes()).isEqualTo(2);
    }

    @Test
    void aPolicyChangeAppliesOnTheNextPassWithoutARestart() {
        appendAndUpload(4, time.milliseconds() - 3_600_000);
        retention(); // the default keeps seven days
        assertThat(manifest().logStartOffset()).isZero();
        assertThat(objectKeys()).hasSize(4);

        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        retention();
        assertThat(manifest().logStartOffset()).isEqualTo(40);
        assertThat(objectKeys()).isEmpty();
    }

    @Test
    void aRestartedBrokerStartsAtTheManifestsLogStartWithOrWithoutItsWal() {
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        appendAndUpload(3, time.milliseconds() - 120_000);
        appendAndUpload(1, time.milliseconds());
        retention();
        assertThat(manifest().logStartOffset()).isEqualTo(30);

        h.close();
        h = harness(); // same WAL
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(30);
        assertThat(h.log(ORDERS_0).highWatermark()).isEqualTo(40);
        assertThatThrownBy(() -> h.logs.read(ORDERS_0, 0, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(RecordBatch.wrap(h.logs.read(ORDERS_0, 30, 1 << 20).batches().get(0)).baseOffset()).isEqualTo(30);

        h.close();
        h = new TierHarness(TierOptions.defaults(batchSize, 600_000), new MemoryWriteAheadLog(64L << 20), metadata,
                store, 8L << 20, time); // wiped broker
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(30);
        assertThatThrownBy(() -> h.logs.read(ORDERS_0, 29, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(RecordBatch.wrap(h.logs.read(ORDERS_0, 30, 1 << 20).batches().get(0)).baseOffset()).isEqualTo(30);
    }

    @Test
    void lookupsByTimeNeverAnswerBelowTheLogStart() {
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        long now = time.milliseconds();
        appendAndUpload(2, now - 120_000);
        appendAndUpload(1, now);
        retention();
        assertThat(h.log(ORDERS_0).offsetForTimestamp(0)).hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(20));
    }

    @Test
    void aColdReadRacingTheDeletionOfItsSegmentEndsAsOffsetOutOfRange() {
        appendAndUpload(3, time.milliseconds() - 3_600_000);
        await().atMost(WAIT).until(() -> h.log(ORDERS_0).isRemote(0));
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        // The read starts with the manifest from before; retention deletes the object under it.
        store.beforeRangedGet = this::retention;

        assertThatThrownBy(() -> h.logs.read(ORDERS_0, 0, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(objectKeys()).isEmpty();
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(30);
    }

    @Test
    void aFailedObjectDeleteIsRetriedByTheNextPassesOrphanSweep() {
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        appendAndUpload(2, time.milliseconds() - 120_000);
        appendAndUpload(1, time.milliseconds());
        // Retention's two deletes fail, and so do the same pass's sweep's.
        store.failingDeletes.set(4);

        retention();
        assertThat(manifest().logStartOffset()).isEqualTo(20);
        assertThat(objectKeys()).hasSize(3);
        assertThat(h.tier.retentionStats().deleteFailures()).isEqualTo(4);

        retention();
        assertThat(objectKeys()).containsExactly(manifest().segments().get(0).key());
        assertThat(h.tier.retentionStats().orphansDeleted()).isEqualTo(2);
    }

    @Test
    void aStaleLeaderEpochDoesNotDeleteAnything() {
        appendAndUpload(2, time.milliseconds() - 120_000);
        // A newer leader took the manifest over; the controller's epoch for this broker is still 0.
        new PartitionManifests(metadata).claim(ORDERS_0, 5, 0);
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        retention();
        assertThat(manifest().logStartOffset()).isZero();
        assertThat(objectKeys()).hasSize(2);
        assertThat(h.log(ORDERS_0).logStartOffset()).isZero();
    }

    @Test
    void theScheduleRunsPassesOnItsOwn() {
        h.close();
        setPolicy(new RetentionPolicy(RetentionPolicy.Kind.TIME, 60_000));
        h = new TierHarness(TierOptions.defaults(batchSize, 600_000), wal, metadata, store, 8L << 20, time, 5_000, 20);
        appendAndUpload(2, time.milliseconds() - 120_000);
        h.advanceUntil(20, () -> manifest().logStartOffset() == 20 && objectKeys().isEmpty());
        assertThat(h.log(ORDERS_0).logStartOffset()).isEqualTo(20);
    }
}
