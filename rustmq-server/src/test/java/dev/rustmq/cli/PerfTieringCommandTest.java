package dev.rustmq.cli;

import static dev.rustmq.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rustmq perf tiering`: uploads and cold reads next to the store's PUT/GET, on a local folder; cleans up. */
class PerfTieringCommandTest {
    private static final String HEADER = "phase, MB, seconds, MB.sec, baseline, baseline.MB.sec, ratio, store.calls, store.MB";

    @TempDir
    Path dir;

    @Test
    void measuresUploadsAndColdReadsAgainstTheStoresOwnAndLeavesNothing() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path wal = dir.resolve("wal");
        CliRunner.Result r = run("perf", "tiering", "--type", "Local", "--path", store.toString(), "--dir", wal.toString(),
                "--size-mb", "3", "--partitions", "2", "--segment-size", "524288", "--fetch-max-bytes", "65536",
                "--uploads", "2", "--readers", "2", "--baseline-seconds", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(HEADER);
        assertThat(header).as(r.out()).isPositive();
        String[] upload = lines.get(header + 1).split(", ");
        String[] coldRead = lines.get(header + 2).split(", ");
        assertThat(upload[0]).isEqualTo("upload");
        assertThat(upload[4]).isEqualTo("put");
        assertThat(coldRead[0]).isEqualTo("cold-read");
        assertThat(coldRead[4]).isEqualTo("get-range");
        // 3 MiB of batches read back (and checked); uploaded a little more: each segment's index and footer.
        double readMb = Double.parseDouble(coldRead[1]);
        assertThat(readMb).isBetween(2.9, 3.1);
        assertThat(Double.parseDouble(upload[1])).isBetween(readMb, readMb * 1.01);
        for (String[] row : List.of(upload, coldRead)) {
            assertThat(Double.parseDouble(row[3])).as("MB/s").isPositive();
            assertThat(Double.parseDouble(row[5])).as("baseline MB/s").isPositive();
            assertThat(Double.parseDouble(row[6])).as("ratio").isPositive();
            assertThat(Long.parseLong(row[7])).as("store calls").isPositive();
        }
        assertThat(lines.get(header + 3)).startsWith("upload: ").contains("% of the store's PUT");
        assertThat(lines.get(header + 4)).startsWith("cold read: ").contains("% of the store's ranged GET");
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
        CliRunner.Result segment = run("perf", "tiering", "--type", "Local", "--path", dir.toString(),
                "--segment-size", "1000", "--fetch-max-bytes", "65536");
        assertThat(segment.exitCode()).isEqualTo(2);
        assertThat(segment.err()).contains("--segment-size must be between --fetch-max-bytes (65536)");

        CliRunner.Result readers = run("perf", "tiering", "--type", "Local", "--path", dir.toString(), "--readers", "0");
        assertThat(readers.exitCode()).isEqualTo(2);
        assertThat(readers.err()).contains("--readers");

        CliRunner.Result noBucket = run("perf", "tiering", "--type", "S3");
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).contains("--bucket: a bucket is required");
    }
}
