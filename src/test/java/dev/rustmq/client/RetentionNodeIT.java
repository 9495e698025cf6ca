package dev.rustmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.controller.KeyValueMetadataStore;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.storage.object.MemoryObjectStore;
import dev.rustmq.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node wired with [object_storage] retention_check_interval_ms: a topic created over the wire
 * with {@code retention_ms} loses its expired segments on schedule (objects gone, EARLIEST moved,
 * OFFSET_OUT_OF_RANGE below it), and deleting the topic deletes its objects.
 */
class RetentionNodeIT {
    private static final String TOPIC = "expiring";

    @TempDir
    Path dir;

    @Test
    void expiredSegmentsGoOnScheduleAndADeletedTopicsObjectsGoWithIt() throws Exception {
        MemoryObjectStore objects = new MemoryObjectStore();
        KeyValueMetadataStore metadata = new MemoryMetadataStore();
        Map<String, String> config = Map.of("wal.upload_interval_ms", "50", "wal.segment_size_bytes", "4096",
                "object_storage.retention_check_interval_ms", "50");
        try (TestNode node = new TestNode(dir, config, metadata, objects);
                RustMqClient client = RustMqClient.connect("tcp://127.0.0.1:" + node.address.getPort())) {
            client.createTopic(TOPIC, 1, 1, Map.of("retention_ms", "3600000"));
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                produce(client, now - 7_200_000L); // two hours old: expired
            }
            for (int i = 0; i < 3; i++) {
                produce(client, now);
            }

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    client.listOffsets(TOPIC, 0, OffsetSpec.EARLIEST) == 50
                            && metadata.manifest(TOPIC, 0).map(PartitionManifest::endOffset).orElse(0L) == 65
                            && objects.list("topics/" + TOPIC + "/").size()
                                    == metadata.manifest(TOPIC, 0).orElseThrow().segments().size());
            PartitionManifest manifest = metadata.manifest(TOPIC, 0).orElseThrow();
            assertThat(manifest.logStartOffset()).isEqualTo(50);
            assertThat(manifest.segments().get(0).baseOffset()).isEqualTo(50);
            assertThatThrownBy(() -> client.fetch(new FetchRequest(TOPIC, 0, 49, 1 << 20, 0)))
                    .isInstanceOfSatisfying(RustMqClientException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
            assertThat(client.fetch(new FetchRequest(TOPIC, 0, 50, 1 << 20, 0)).records().get(0).offset())
                    .isEqualTo(50);

            client.deleteTopic(TOPIC);
            await().atMost(Duration.ofSeconds(20)).until(() -> objects.list("topics/" + TOPIC + "/").isEmpty());
            assertThat(metadata.manifest(TOPIC, 0)).isEmpty();
        }
    }

    /** Five 1 KiB records stamped {@code timestamp}: one batch, one segment (segments are 4 KiB). */
    private static void produce(RustMqClient client, long timestamp) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new Record(timestamp, null, new byte[1024], List.of()));
        }
        client.produce(new ProduceRequest(TOPIC, 0, records, Acks.ALL, 10_000));
    }
}
