package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Batches and helpers shared by the tiering tests. */
final class TierFixtures {
    static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    static final TopicPartition PAYMENTS_0 = new TopicPartition("payments", 0);

    private TierFixtures() {
    }

    static List<Record> records(String tag, int count, int valueSize) {
        Random random = new Random(tag.hashCode());
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[valueSize];
            random.nextBytes(value);
            records.add(new Record(1_700_000_000_000L + i, (tag + "-" + i).getBytes(StandardCharsets.UTF_8), value,
                    List.of()));
        }
        return records;
    }

    /** A batch as a producer sends it (offset 0, no epoch). */
    static ByteBuffer producerBatch(String tag, int count, int valueSize) {
        return RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, CompressionType.NONE,
                records(tag, count, valueSize));
    }

    /** {@code batches} stored batches from offset {@code base}, {@code perBatch} records each. */
    static List<ByteBuffer> storedBatches(long base, int batches, int perBatch, int epoch, CompressionType compression) {
        List<ByteBuffer> result = new ArrayList<>();
        long offset = base;
        for (int i = 0; i < batches; i++) {
            result.add(RecordBatchBuilder.build(offset, epoch, compression, records("b" + offset, perBatch, 40 + i)));
            offset += perBatch;
        }
        return result;
    }

    /** Creates the topics of {@code partitions} in {@code store}, as the controller would before any produce. */
    static void createTopics(dev.rustmq.controller.MetadataStore store, List<TopicPartition> partitions) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (TopicPartition tp : partitions) {
            counts.merge(tp.topic(), tp.partition() + 1, Math::max);
        }
        counts.forEach((topic, count) -> {
            List<dev.rustmq.metadata.PartitionMetadata> placement = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                placement.add(new dev.rustmq.metadata.PartitionMetadata(topic, p, "0", List.of("0"), List.of("0"), 0));
            }
            // A fresh id per creation, as the controller gives: a re-created topic's keys differ.
            String id = java.util.UUID.randomUUID().toString();
            store.createTopic(new dev.rustmq.metadata.TopicMetadata(topic, id, count, 1,
                    dev.rustmq.metadata.RetentionPolicy.DEFAULT, CompressionType.NONE, List.of(), java.util.Map.of(),
                    1_000), placement);
        });
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static String hex(ByteBuffer buffer) {
        return HexFormat.of().formatHex(bytes(buffer));
    }

    static List<String> hex(List<ByteBuffer> buffers) {
        return buffers.stream().map(TierFixtures::hex).toList();
    }
}
