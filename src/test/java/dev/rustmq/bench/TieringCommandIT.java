package dev.rustmq.bench;

import static dev.rustmq.bench.BenchRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rustmq-bench tiering`: uploads and cold reads next to the store's PUT/GET, on a local folder; cleans up. */
class TieringCommandIT {
    private static final String HEADER = "round, phase, MB, seconds, MB.sec, baseline, baseline.MB.sec, ratio, store.calls, store.MB, "
            + "calls.in.flight, call.ms, baseline.call.ms";

    @TempDir
    Path dir;

    @Test
    void measuresUploadsAndColdReadsAgainstTheStoresOwnAndLeavesNothing() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path wal = dir.resolve("wal");
        BenchRunner.Result r = run("tiering", "--type", "Local", "--path", store.toString(), "--dir", wal.toString(),
                "--size-mb", "3", "--partitions", "2", "--segment-size", "524288", "--fetch-max-bytes", "65536",
                "--uploads", "2", "--readers", "2", "--baseline-seconds", "1", "--rounds", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(HEADER);
        assertThat(header).as(r.out()).isPositive();
        for (int round = 1; round <= 2; round++) {
            String[] upload = lines.get(header + 2 * round - 1).split(", ");
            String[] coldRead = lines.get(header + 2 * round).split(", ");
            assertThat(upload[0]).isEqualTo(Integer.toString(round));
            assertThat(upload[1]).isEqualTo("upload");
            assertThat(upload[5]).isEqualTo("put");
            assertThat(coldRead[1]).isEqualTo("cold-read");
            assertThat(coldRead[5]).isEqualTo("get-range");
            // About 3 MiB (whole segments) of batches read back (and checked); uploaded a little more: each
            // segment's index and footer.
            double readMb = Double.parseDouble(coldRead[2]);
            assertThat(readMb).isBetween(2.5, 3.5);
            assertThat(Double.parseDouble(upload[2])).isBetween(readMb, readMb * 1.01);
            for (String[] row : List.of(upload, coldRead)) {
                assertThat(Double.parseDouble(row[4])).as("MB/s").isPositive();
                assertThat(Double.parseDouble(row[6])).as("baseline MB/s").isPositive();
                assertThat(Double.parseDouble(row[7])).as("ratio").isPositive();
                assertThat(Long.parseLong(row[8])).as("store calls").isPositive();
                assertThat(Double.parseDouble(row[10])).as("calls in flight").isPositive();
                // A local folder's calls may take well under 0.05 ms.
                assertThat(Double.parseDouble(row[11])).as("ms per call").isNotNegative();
                assertThat(Double.parseDouble(row[12])).as("baseline ms per call").isNotNegative();
            }
        }
        assertThat(lines.get(header + 5)).startsWith("upload: ").contains("% of the store's PUT")
                .contains("median of 2 rounds");
        assertThat(lines.get(header + 6)).startsWith("cold read: ").contains("% of the store's ranged GET");
        assertThat(r.out()).contains("deleted ");
        try (var left = Files.walk(store)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        try (var left = Files.list(wal)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void badSizesNameTheirFlags() {
        BenchRunner.Result segment = run("tiering", "--type", "Local", "--path", dir.toString(),
                "--segment-size", "1000", "--fetch-max-bytes", "65536");
        assertThat(segment.exitCode()).isEqualTo(2);
        assertThat(segment.err()).contains("--segment-size must be between --fetch-max-bytes (65536)");

        BenchRunner.Result readers = run("tiering", "--type", "Local", "--path", dir.toString(), "--readers", "0");
        assertThat(readers.exitCode()).isEqualTo(2);
        assertThat(readers.err()).contains("--readers");

        BenchRunner.Result noBucket = run("tiering", "--type", "S3");
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).contains("--bucket: a bucket is required");
    }
}
