package dev.rustmq.cli;

import static dev.rustmq.cli.CliRunner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rustmq perf disk`: the fsync baseline needs no broker, leaves nothing behind and names bad input. */
class PerfDiskCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresEachBlockSizeAndCleansUp() throws Exception {
        CliRunner.Result r = run("perf", "disk", "--dir", dir.toString(), "--seconds", "1", "--block-sizes", "4096,65536");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("block.bytes, MB.sec, syncs.sec, p50.ms, p99.ms");
        for (int i = 1; i < 3; i++) {
            String[] fields = lines.get(i).split(", ");
            assertThat(fields[0]).isEqualTo(i == 1 ? "4096" : "65536");
            assertThat(Double.parseDouble(fields[1])).as("MB/s").isPositive();
            assertThat(Double.parseDouble(fields[2])).as("syncs/s").isPositive();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMissingFolderOrBadSizeIsNamed() {
        CliRunner.Result missing = run("perf", "disk", "--dir", dir.resolve("nope").toString(), "--seconds", "1");
        assertThat(missing.exitCode()).isEqualTo(CliException.FAILED);
        assertThat(missing.err()).contains("is not a writable folder");

        CliRunner.Result badSize = run("perf", "disk", "--dir", dir.toString(), "--block-sizes", "0");
        assertThat(badSize.exitCode()).isEqualTo(2);
        assertThat(badSize.err()).contains("--block-sizes");
    }

    @Test
    void benchmarksWithoutABrokerTakeNoBrokerOptions() {
        for (String command : List.of("disk", "object-store", "tiering")) {
            CliRunner.Result help = run("perf", command, "--help");
            assertThat(help.exitCode()).as(help.err()).isZero();
            assertThat(help.out()).as("perf %s --help", command).doesNotContain("--bootstrap", "--tls-insecure",
                    "--tls-trust-cert");

            CliRunner.Result given = run("perf", command, "--bootstrap", "127.0.0.1:1");
            assertThat(given.exitCode()).as("perf %s --bootstrap", command).isEqualTo(2);
            assertThat(given.err()).contains("--bootstrap");
        }
        CliRunner.Result produce = run("perf", "produce", "--help");
        assertThat(produce.out()).as("perf produce talks to a broker").contains("--bootstrap");
    }
}
