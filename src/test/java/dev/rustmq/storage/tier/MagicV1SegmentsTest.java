package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.MagicV1Batches;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.storage.log.OffsetAndTimestamp;
import dev.rustmq.storage.wal.MemoryWriteAheadLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Segments of magic-1 batches, as earlier versions uploaded them, and partitions whose log mixes
 * both magics: written, checked on every read and served byte for byte, like magic-2 ones.
 */
class MagicV1SegmentsTest {
    private TierHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** The stored fixtures at dense offsets from 1000: each holds 4 records. */
    private static List<ByteBuffer> storedMagic1Batches() {
        List<ByteBuffer> batches = new ArrayList<>();
        long base = MagicV1Batches.STORED_BASE_OFFSET;
        for (CompressionType codec : CompressionType.values()) {
            ByteBuffer batch = MagicV1Batches.stored(codec);
            RecordBatch.wrap(batch).setBaseOffset(base);
            batches.add(batch);
            base += 4;
        }
        return batches;
    }

    @Test
    void aSegmentOfMagic1BatchesDecodesAndPassesEveryCheck() {
        List<ByteBuffer> batches = storedMagic1Batches();
        ByteBuffer object = SegmentWriter.write(batches, MagicV1Batches.STORED_LEADER_EPOCH).object();

        SegmentBatches.Decoded decoded = SegmentBatches.decode("k", object);
        assertThat(hex(decoded.batches())).isEqualTo(hex(batches));
        assertThat(decoded.footer().baseOffset()).isEqualTo(1000);
        assertThat(decoded.footer().lastOffset()).isEqualTo(1011);
        assertThat(decoded.footer().maxTimestamp()).isEqualTo(1_700_000_000_005L);

        SegmentIndex index = decoded.index();
        SegmentIndex.Entry second = index.entry(1);
        SegmentIndex.Entry third = index.entry(2);
        ByteBuffer range = object.slice((int) second.position(), (int) (third.position() + third.size() - second.position()));
        assertThat(hex(SegmentBatches.verify("k", index, 1, 2, range))).isEqualTo(hex(batches.subList(1, 3)));
        for (ByteBuffer batch : decoded.batches()) {
            assertThat(RecordBatch.wrap(batch).records()).isEqualTo(MagicV1Batches.storedRecords());
        }
    }

    @Test
    void aLogOfBothMagicsIsUploadedAndServedFromSegmentsByteForByte() {
        List<ByteBuffer> produced = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CompressionType codec = CompressionType.values()[i % 3];
            if (i % 2 == 0) {
                produced.add(MagicV1Batches.stored(codec));
            } else {
                List<Record> records = List.of(Record.of(null, ("magic-2-" + i).getBytes(), 1_700_000_001_000L + i),
                        Record.of(null, new byte[300], 1_700_000_001_000L + i));
                produced.add(RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH, codec, records));
            }
        }
        int largest = produced.stream().mapToInt(ByteBuffer::remaining).max().orElseThrow();
        MetadataStore metadata = new MemoryMetadataStore();
        TierFixtures.createTopics(metadata, List.of(ORDERS_0));
        h = new TierHarness(TierOptions.defaults(3L * largest, 1_000), new MemoryWriteAheadLog(64L << 20), metadata,
                new FaultyObjectStore(), 2L * largest, new MockTime());
        List<String> stored = new ArrayList<>();
        for (ByteBuffer batch : produced) {
            long base = h.logs.append(ORDERS_0, batch.duplicate(), 2).join().baseOffset();
            stored.add(hex(ByteBuffer.wrap(StoreOutageTest.stored(batch, base, 2))));
        }
        h.time.sleep(1_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            h.check();
            return h.wal.startOffset() == h.wal.endOffset();
        });
        assertThat(h.manifest(ORDERS_0).orElseThrow().segments()).hasSizeGreaterThan(1);

        List<ByteBuffer> served = h.readAll(ORDERS_0, 4 * largest);
        assertThat(hex(served)).isEqualTo(stored);
        for (ByteBuffer batch : served) {
            RecordBatch view = RecordBatch.wrap(batch);
            view.validateRecords();
            assertThat(view.magic()).isIn((byte) 1, (byte) 2);
        }
        assertThat(h.log(ORDERS_0).offsetForTimestamp(1_700_000_000_004L))
                .as("a lookup by time decodes a magic-1 batch in a segment")
                .contains(new OffsetAndTimestamp(1, 1_700_000_000_005L));
    }
}
