package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.client.RustMqClient;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.metrics.DataPlaneCounters;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.object.MemoryObjectStore;
import dev.rustmq.testing.TestNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with tiering: produced data shows as upload lag until it is sealed and uploaded, then in
 * the upload counters, the rate and the partition details; what is left below the seal size stays lag.
 */
class UploadMetricsNodeIT {
    private static final String TOPIC = "metered";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final int SEGMENT_BYTES = 16_384;

    @TempDir
    Path dir;

    @Test
    void uploadCountersLagAndPartitionDetailsFollowProduceAndUpload() throws Exception {
        DataPlaneCounters counters = new DataPlaneCounters();
        MemoryObjectStore objects = new MemoryObjectStore();
        // Sealed by size only (the age limit is far away), so a tail below one segment stays behind.
        Map<String, String> tiering = Map.of("wal.upload_interval_ms", "600000",
                "wal.segment_size_bytes", Integer.toString(SEGMENT_BYTES));
        try (TestNode broker = new TestNode(dir, tiering, new MemoryMetadataStore(), objects, counters);
                RustMqClient client = RustMqClient.connect("tcp://127.0.0.1:" + broker.address.getPort())) {
            RustMqNode node = broker.node;
            client.createTopic(TOPIC, 1, 1);
            PartitionDetails empty = node.partitionDetails(TP);
            assertThat(empty).isEqualTo(PartitionDetails.EMPTY);

            ByteBuffer small = batch("first", 3);
            client.produceBatchesAsync(TOPIC, 0, Acks.ALL, 10_000, small.duplicate()).join();
            assertThat(node.stats().uploadLagBytes()).isEqualTo(small.remaining());
            PartitionDetails waiting = node.partitionDetails(TP);
            assertThat(waiting).isEqualTo(new PartitionDetails(0, 3, 0, 0, 0, small.remaining()));
            await().atMost(Duration.ofSeconds(10)).until(() -> node.stats().uploadLagSeconds() > 0);

            long end = 3;
            long produced = small.remaining();
            while (produced < 4L * SEGMENT_BYTES) {
                ByteBuffer b = batch("b" + end, 5);
                produced += b.remaining();
                client.produceBatchesAsync(TOPIC, 0, Acks.ALL, 10_000, b).join();
                end += 5;
            }
            long logEnd = end;
            // At least three full segments are due; wait until every sealed one is stored and recorded.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PartitionDetails d = node.partitionDetails(TP);
                assertThat(d.objectCount()).isGreaterThanOrEqualTo(3).isEqualTo(counters.segmentsUploaded());
                assertThat(d.uploadLagBytes()).isLessThan(SEGMENT_BYTES);
            });

            PartitionDetails details = node.partitionDetails(TP);
            assertThat(details.logStartOffset()).isZero();
            assertThat(details.logEndOffset()).isEqualTo(logEnd);
            assertThat(details.uploadedOffset()).isPositive().isLessThan(logEnd);
            assertThat(details.uploadedBytes()).isEqualTo(counters.segmentBytesUploaded())
                    .isEqualTo(objects.list("topics/" + TOPIC + "/0/").stream().mapToLong(o -> o.size()).sum());
            assertThat(details.uploadLagBytes()).as("the tail below one segment").isPositive()
                    .isLessThan(SEGMENT_BYTES).isEqualTo(node.stats().uploadLagBytes());
            assertThat(details.uploadedBytes() + details.uploadLagBytes()).as("objects add an index and a footer")
                    .isGreaterThan(produced);
            assertThat(node.stats().uploadBytesPerSecond()).isPositive();
            assertThat(node.stats().uploadLagSeconds()).isPositive();
            assertThat(counters.segmentUploadErrors()).isZero();
            assertThat(counters.segmentUploadRetries()).isZero();
            assertThat(node.health().storage().data()).containsKeys("upload_lag_bytes", "upload_lag_seconds",
                    "object_storage_upload_rate");
        }
    }

    private static ByteBuffer batch(String tag, int records) {
        List<Record> list = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            list.add(new Record(1_700_000_000_000L + r, (tag + "-" + r).getBytes(StandardCharsets.UTF_8),
                    ("value of " + tag + " " + r + " ").repeat(20).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE, list);
    }
}
