package dev.rustmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.storage.object.MemoryObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiering benchmark on an in-memory store, tiny sizes: every phase measures, and reads back what it wrote. */
class TieringBenchmarkTest {
    private static final int SEGMENT = 256 << 10;

    @TempDir
    Path dir;

    @Test
    void uploadsTheBacklogAndReadsEveryBatchBackAfterTheWalIsDeleted() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        List<String> progress = new ArrayList<>();
        TieringBenchmark.Settings settings = new TieringBenchmark.Settings(dir, "bench", 3, 2L << 20, 8192, 1000,
                SEGMENT, 2, 2, 64 << 10, 200, 1L << 20, 4L << 20, 64 << 10);
        TieringBenchmark bench = new TieringBenchmark(store, settings, progress::add);

        TieringBenchmark.Result r = bench.run(0);

        assertThat(r.put().calls()).isPositive();
        assertThat(r.get().calls()).isPositive();
        // About 2 MiB of 8-record batches, all the same size, in whole 256 KiB segments per partition.
        assertThat(r.append().bytes() % r.append().items()).isZero();
        long batchBytes = r.append().bytes() / r.append().items();
        long batchesPerSegment = SEGMENT / batchBytes;
        assertThat(r.append().items() % (3 * batchesPerSegment)).isZero();
        assertThat(r.append().bytes()).isBetween(3L << 19, 5L << 19);
        assertThat(r.upload().items()).as("every segment full").isEqualTo(r.append().items() / batchesPerSegment);
        // Every batch read back once, exactly the bytes appended (WrittenBatches checked each one).
        assertThat(r.coldRead().items()).isEqualTo(r.append().items());
        assertThat(r.coldRead().bytes()).isEqualTo(r.append().bytes());
        // Uploaded: the batches plus a 36-byte index entry each and a 60-byte footer per segment, all in PUTs.
        assertThat(r.upload().bytes()).isEqualTo(r.append().bytes() + 36 * r.append().items() + 60 * r.upload().items());
        assertThat(r.uploadCalls().putBytes()).isEqualTo(r.upload().bytes());
        // The reads came from the store (the WAL was gone): at least every byte once.
        assertThat(r.coldReadCalls().getBytes()).isGreaterThanOrEqualTo(r.coldRead().bytes());
        for (TieringBenchmark.Phase p : List.of(r.upload(), r.coldRead())) {
            assertThat(p.seconds()).isPositive();
            assertThat(p.mbPerSecond()).isPositive().isFinite();
        }
        assertThat(r.uploadRatio()).isPositive().isFinite();
        assertThat(r.coldReadRatio()).isPositive().isFinite();
        assertThat(progress).anyMatch(l -> l.startsWith("upload: ")).anyMatch(l -> l.startsWith("cold read: "));

        // Only the benchmark's segment objects are left (the baseline's are deleted); then none.
        assertThat(store.list("")).allMatch(o -> o.key().startsWith("topics/bench-r0/")).hasSize((int) r.upload().items());
        assertThat(bench.deleteObjects()).isEqualTo(r.upload().items());
        assertThat(store.list("")).isEmpty();
        // The WAL folders are removed too.
        try (var left = java.nio.file.Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
