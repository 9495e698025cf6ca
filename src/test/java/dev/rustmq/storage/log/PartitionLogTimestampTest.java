package dev.rustmq.storage.log;

import static dev.rustmq.storage.log.LogFixtures.ORDERS_0;
import static dev.rustmq.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import dev.rustmq.testing.Generators;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lookup by time (ListOffsets with a timestamp) against the plain definition: the first record, in
 * offset order, whose timestamp is at or after the target. Producers set timestamps, so the
 * batches here have them out of order within and across batches.
 */
class PartitionLogTimestampTest {
    private static final long T0 = 1_700_000_000_000L;

    record Case(List<List<Long>> batches, List<Long> targets, boolean compressed) {
    }

    private static Case cases(Generators gen) {
        // Mostly rising with jitter, like clocks of several producers; sometimes fully random.
        boolean jittery = gen.nextBoolean();
        List<List<Long>> batches = new ArrayList<>();
        long clock = T0;
        int batchCount = gen.intBetween(1, 90);
        for (int b = 0; b < batchCount; b++) {
            List<Long> timestamps = new ArrayList<>();
            int records = gen.intBetween(1, 8);
            for (int r = 0; r < records; r++) {
                clock += gen.intBetween(0, 20);
                timestamps.add(jittery ? clock + gen.intBetween(-50, 50) : T0 + gen.intBetween(0, 2_000));
            }
            batches.add(timestamps);
        }
        List<Long> targets = new ArrayList<>(List.of(0L, T0 - 100, Long.MAX_VALUE));
        for (int i = 0; i < 20; i++) {
            List<Long> batch = batches.get(gen.intBetween(0, batches.size() - 1));
            long existing = batch.get(gen.intBetween(0, batch.size() - 1));
            targets.add(existing + gen.intBetween(-2, 2));
        }
        return new Case(batches, targets, gen.chance(0.3));
    }

    @Test
    void findsTheFirstRecordAtOrAfterTheTimeInOffsetOrder() {
        forAll(60, PartitionLogTimestampTest::cases, c -> {
            LogManager logs = LogFixtures.memoryLogs();
            List<Long> all = new ArrayList<>();
            for (List<Long> timestamps : c.batches()) {
                List<Record> records = new ArrayList<>();
                for (long ts : timestamps) {
                    records.add(Record.of(null, LogFixtures.utf8("r" + all.size()), ts));
                    all.add(ts);
                }
                logs.append(ORDERS_0, RecordBatchBuilder.build(0, RecordBatch.NO_LEADER_EPOCH,
                        c.compressed() ? CompressionType.LZ4 : CompressionType.NONE, records), 1).join();
            }
            PartitionLog log = logs.partition(ORDERS_0).orElseThrow();
            for (long target : c.targets()) {
                assertThat(log.offsetForTimestamp(target)).as("target %d", target).isEqualTo(expected(all, target));
            }
        });
    }

    private static Optional<OffsetAndTimestamp> expected(List<Long> timestamps, long target) {
        for (int offset = 0; offset < timestamps.size(); offset++) {
            if (timestamps.get(offset) >= target) {
                return Optional.of(new OffsetAndTimestamp(offset, timestamps.get(offset)));
            }
        }
        return Optional.empty();
    }

    @Test
    void aTimeAfterEveryRecordFindsNothingAndTimeZeroFindsTheFirstRecord() {
        LogManager logs = LogFixtures.memoryLogs();
        logs.append(ORDERS_0, LogFixtures.producerBatch("x", 1), 1).join();
        PartitionLog log = logs.partition(ORDERS_0).orElseThrow();

        assertThat(log.offsetForTimestamp(Long.MAX_VALUE)).isEmpty();
        assertThat(log.offsetForTimestamp(0)).contains(new OffsetAndTimestamp(0, T0));
    }
}
