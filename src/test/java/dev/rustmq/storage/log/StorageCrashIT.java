package dev.rustmq.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatch;
import dev.rustmq.storage.cache.ReadCache;
import dev.rustmq.storage.cache.WriteCache;
import dev.rustmq.storage.wal.FileWriteAheadLog;
import dev.rustmq.storage.wal.WalOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acknowledged data is never lost: a child JVM appends with fsync_on_write on from several
 * threads and reports every acknowledged batch; it is SIGKILLed at a random moment, twice on the
 * same folder, and after each kill every acknowledged batch must be there, byte-identical, at its
 * acknowledged offset, with dense offsets and nothing the child did not write.
 */
class StorageCrashIT {
    private static final int THREADS = 4;

    private record Ack(int partition, long baseOffset, int count, int round, int thread, int seq) {
    }

    private record Written(int round, int thread, int seq, int count) {
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {11, 23, 37, 41})
    void everyAcknowledgedBatchSurvivesSigkill(long seed) throws Exception {
        List<Ack> acked = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            acked.addAll(runAndKill(round, seed));
            verify(acked, seed);
        }
    }

    private List<Ack> runAndKill(int round, long seed) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StorageCrashChild.class.getName(),
                dir.toString(), Integer.toString(round), Integer.toString(THREADS), Long.toString(seed));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        List<Ack> acks = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readAcks(child, acks));
        reader.start();
        int killAfter = 50 + new Random(seed * 31 + round).nextInt(400);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertThat(child.isAlive()).as("crash child exited early").isTrue();
                return acks.size() >= killAfter;
            });
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        return new ArrayList<>(acks);
    }

    private static void readAcks(Process child, List<Ack> acks) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("ACK") && f.length == 7) {
                    acks.add(new Ack(Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                            Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6])));
                }
            }
        } catch (IOException e) {
            // The child was killed mid-line: acks read so far stand.
        }
    }

    private void verify(List<Ack> acked, long seed) {
        try (LogManager logs = LogManager.open(new FileWriteAheadLog(
                new WalOptions(dir, 64L << 20, 256 << 10, 16 << 10, true, 1000)),
                new WriteCache(1 << 20), new ReadCache(1 << 20), 5_000)) {
            Map<Integer, Map<Long, Written>> stored = new HashMap<>();
            for (int p = 0; p < StorageCrashChild.PARTITIONS; p++) {
                stored.put(p, readPartition(logs, new TopicPartition("crash", p), seed));
            }
            for (Ack ack : acked) {
                Written w = stored.get(ack.partition()).get(ack.baseOffset());
                assertThat(w).as("acknowledged batch %s", ack)
                        .isEqualTo(new Written(ack.round(), ack.thread(), ack.seq(), ack.count()));
            }
        }
    }

    /** Every batch of a partition from offset 0: dense offsets, and each record one the child wrote. */
    private static Map<Long, Written> readPartition(LogManager logs, TopicPartition tp, long seed) {
        Map<Long, Written> batches = new HashMap<>();
        if (logs.partition(tp).isEmpty()) {
            return batches;
        }
        long next = 0;
        long end = logs.partition(tp).get().highWatermark();
        assertThat(logs.partition(tp).get().logEndOffset()).isEqualTo(end);
        while (next < end) {
            LogReadResult read = logs.read(tp, next, 1 << 20);
            assertThat(read.batches()).isNotEmpty();
            for (ByteBuffer bytes : read.batches()) {
                RecordBatch batch = RecordBatch.wrap(bytes);
                batch.validate();
                assertThat(batch.baseOffset()).as("dense offsets in %s", tp).isEqualTo(next);
                List<Record> records = batch.records();
                String[] id = new String(records.get(0).key(), StandardCharsets.UTF_8).split("/");
                int round = Integer.parseInt(id[0]);
                int thread = Integer.parseInt(id[1]);
                int seq = Integer.parseInt(id[2]);
                assertThat(records).as("records of %s at %d", tp, next)
                        .isEqualTo(StorageCrashChild.records(round, thread, seq, seed));
                assertThat(batch.leaderEpoch()).isEqualTo(round);
                batches.put(next, new Written(round, thread, seq, records.size()));
                next = batch.lastOffset() + 1;
            }
        }
        return batches;
    }
}
