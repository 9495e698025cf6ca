package dev.rustmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.controller.MetadataStore;
import dev.rustmq.metadata.PartitionManifest;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.object.MemoryObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateless broker: once its data is uploaded, a broker whose data folder (WAL, caches) is wiped
 * starts again on the same metadata and object store and serves every record byte for byte from
 * offset 0; new appends continue at the right offsets.
 */
class WipedBrokerIT {
    private static final String TOPIC = "wiped";
    private static final int PARTITIONS = 2;
    private static final int BATCHES = 40;
    private static final CompressionType[] CODECS = CompressionType.values();

    @TempDir
    Path dir;

    @Test
    void aBrokerWhoseDiskWasWipedAfterUploadLosesNothing() throws Exception {
        MemoryObjectStore objects = new MemoryObjectStore();
        Map<String, String> tiering = Map.of("wal.upload_interval_ms", "100", "wal.segment_size_bytes", "16384");
        try (RestartableNode broker = new RestartableNode(dir, tiering, objects);
                RustMqClient client = RustMqClient.connect(broker.url())) {
            client.createTopic(TOPIC, PARTITIONS, 1);
            long[] ends = new long[PARTITIONS];
            for (int i = 0; i < BATCHES; i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    ByteBuffer batch = batch(p + "-" + i, 1 + i % 5, CODECS[i % CODECS.length]);
                    long base = client.produceBatchesAsync(TOPIC, p, Acks.ALL, 10_000, batch).join().baseOffset();
                    assertThat(base).isEqualTo(ends[p]);
                    ends[p] += 1 + i % 5;
                }
            }
            MetadataStore metadata = broker.metadataStore();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    long uploaded = metadata.manifest(TOPIC, p).map(PartitionManifest::endOffset).orElse(0L);
                    if (uploaded != ends[p]) {
                        return false;
                    }
                }
                return broker.node().node.logs().orElseThrow().wal().sizeBytes() == 0;
            });
            List<List<String>> before = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                before.add(hex(StoredBatches.of(broker.node().address, TOPIC, p)));
                assertThat(before.get(p)).hasSize(BATCHES);
            }
            assertThat(objects.list("topics/" + TOPIC + "/")).isNotEmpty();

            broker.stop();
            Path brokerFolder = dir.resolve("broker");
            assertThat(brokerFolder.resolve("wal")).isDirectory();
            deleteRecursively(brokerFolder);
            broker.start();

            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(hex(StoredBatches.of(broker.node().address, TOPIC, p)))
                        .as("partition %d after the wipe", p).isEqualTo(before.get(p));
                long base = client.produceBatchesAsync(TOPIC, p, Acks.ALL, 10_000, batch("after-" + p, 2,
                        CompressionType.NONE)).join().baseOffset();
                assertThat(base).as("offsets continue in partition %d", p).isEqualTo(ends[p]);
                List<RecordBatch> all = StoredBatches.of(broker.node().address, TOPIC, p);
                assertThat(all).hasSize(BATCHES + 1);
                assertThat(all.get(BATCHES).baseOffset()).isEqualTo(ends[p]);
            }
        }
    }

    private static ByteBuffer batch(String tag, int records, CompressionType codec) {
        List<Record> list = new ArrayList<>();
        for (int r = 0; r < records; r++) {
            list.add(new Record(1_700_000_000_000L + r, (tag + "-" + r).getBytes(StandardCharsets.UTF_8),
                    ("value of " + tag + " " + r + " ").repeat(20).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, codec, list);
    }

    private static List<String> hex(List<RecordBatch> batches) {
        List<String> result = new ArrayList<>();
        for (RecordBatch b : batches) {
            ByteBuffer bytes = b.buffer();
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            result.add(HexFormat.of().formatHex(array));
        }
        return result;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
