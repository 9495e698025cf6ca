package dev.rustmq.storage.tier;

import static dev.rustmq.storage.tier.TierFixtures.ORDERS_0;
import static dev.rustmq.storage.tier.TierFixtures.PAYMENTS_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.MockTime;
import dev.rustmq.common.MockTimeTicker;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.controller.MemoryMetadataStore;
import dev.rustmq.controller.MetadataStore;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.errors.WalFullException;
import dev.rustmq.storage.log.LogAppendResult;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object storage down: produce goes on into the WAL until it is full, then fails with WAL_FULL
 * after its timeout (nothing written); once the store is back the backlog uploads, the WAL is
 * trimmed, produce works again, and every acknowledged batch reads back byte for byte.
 */
class StoreOutageTest {
    private static final long CAPACITY = 256 << 10;

    @TempDir
    Path dir;

    record Acked(TopicPartition tp, long base, byte[] bytes) {
    }

    @Test
    void produceContinuesUntilTheWalIsFullThenTheBacklogUploadsWhenTheStoreReturns() {
        FileWriteAheadLog wal = new FileWriteAheadLog(new WalOptions(dir, CAPACITY, 64 << 10, 64 << 10, false, 50));
        MetadataStore metadata = new MemoryMetadataStore();
        List<TopicPartition> partitions = List.of(ORDERS_0, PAYMENTS_0);
        TierFixtures.createTopics(metadata, partitions);
        FaultyObjectStore store = new FaultyObjectStore();
        store.down = true;
        MockTime time = new MockTime();
        TierOptions options = new TierOptions(16 << 10, 60_000, 2, 20, 0.5, 5, 50, 0, 1 << 20);
        List<Acked> acked = new ArrayList<>();
        // Checks every 20 ms, retries and the 200 ms wait for WAL room run on the mock clock: it moves as real time.
        try (MockTimeTicker ticking = MockTimeTicker.start(time, 1);
             TierHarness h = new TierHarness(options, wal, metadata, store, 1 << 20, time, 200)) {
            RustMqException full = null;
            for (int i = 0; full == null; i++) {
                TopicPartition tp = partitions.get(i % 2);
                ByteBuffer batch = TierFixtures.producerBatch("outage-" + i, 4, 500);
                try {
                    LogAppendResult r = h.logs.append(tp, batch.duplicate(), 1).join();
                    acked.add(new Acked(tp, r.baseOffset(), stored(batch, r.baseOffset(), 1)));
                } catch (CompletionException e) {
                    full = (RustMqException) e.getCause();
                }
                assertThat(i).as("the WAL must fill up").isLessThan(10_000);
            }
            assertThat(full.code()).isEqualTo(ErrorCode.WAL_FULL);
            assertThat(full.getMessage()).contains("capacity_bytes").contains("waited 200 ms");
            assertThat(wal.sizeBytes()).isGreaterThan(CAPACITY * 9 / 10);
            assertThat(store.failedPuts.get()).as("uploads were tried and failed").isPositive();
            assertThat(metadata.manifest("orders", 0)).isEmpty();
            long hw = h.log(ORDERS_0).highWatermark();
            // It waits (on the WAL room thread, not this one) and is refused when its time is up.
            assertThatThrownBy(() -> h.logs.append(ORDERS_0, TierFixtures.producerBatch("refused", 4, 500), 1).join())
                    .hasCauseInstanceOf(WalFullException.class);
            assertThat(h.log(ORDERS_0).highWatermark()).as("a refused append uses no offset").isEqualTo(hw);

            store.down = false;
            await().atMost(Duration.ofSeconds(20)).until(() -> wal.sizeBytes() < CAPACITY / 2);

            // Produce works again; everything left uploads once it is old enough.
            for (int i = 0; i < 4; i++) {
                TopicPartition tp = partitions.get(i % 2);
                ByteBuffer batch = TierFixtures.producerBatch("after-" + i, 4, 500);
                LogAppendResult r = h.logs.append(tp, batch.duplicate(), 1).join();
                acked.add(new Acked(tp, r.baseOffset(), stored(batch, r.baseOffset(), 1)));
            }
            time.sleep(60_000);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                h.check();
                return wal.startOffset() == wal.endOffset();
            });
            for (TopicPartition tp : partitions) {
                assertThat(h.uploadedEnd(tp)).isEqualTo(h.log(tp).highWatermark());
            }
            for (Acked a : acked) {
                ByteBuffer read = h.logs.read(a.tp(), a.base(), 1).batches().get(0);
                assertThat(TierFixtures.bytes(read)).as("%s at %d", a.tp(), a.base()).isEqualTo(a.bytes());
            }
            assertThat(h.tier.stats().trimRefusals()).isZero();
        }
    }

    static byte[] stored(ByteBuffer producerBatch, long base, int epoch) {
        ByteBuffer copy = ByteBuffer.wrap(TierFixtures.bytes(producerBatch));
        RecordBatch b = RecordBatch.wrap(copy);
        b.setBaseOffset(base);
        b.setLeaderEpoch(epoch);
        return copy.array();
    }
}
