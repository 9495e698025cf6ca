package dev.rustmq.bench;

import static dev.rustmq.bench.BenchRunner.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rustmq-bench disk`: the fsync baseline needs no broker, leaves nothing behind and names bad input. */
class DiskCommandIT {
    @TempDir
    Path dir;

    @Test
    void measuresEachBlockSizeAndCleansUp() throws Exception {
        BenchRunner.Result r = run("disk", "--dir", dir.toString(), "--seconds", "1", "--block-sizes", "4096,65536");

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
        BenchRunner.Result missing = run("disk", "--dir", dir.resolve("nope").toString(), "--seconds", "1");
        assertThat(missing.exitCode()).isEqualTo(BenchException.FAILED);
        assertThat(missing.err()).contains("is not a writable folder");

        BenchRunner.Result badSize = run("disk", "--dir", dir.toString(), "--block-sizes", "0");
        assertThat(badSize.exitCode()).isEqualTo(2);
        assertThat(badSize.err()).contains("--block-sizes");
    }

    @Test
    void everyBenchmarkHasHelpAndTakesNoBrokerOptions() {
        for (String command : List.of("disk", "object-store", "tiering")) {
            BenchRunner.Result help = run(command, "--help");
            assertThat(help.exitCode()).as(help.err()).isZero();
            assertThat(help.out()).as("%s --help", command).startsWith("Usage: rustmq-bench " + command)
                    .doesNotContain("--bootstrap");

            BenchRunner.Result given = run(command, "--bootstrap", "127.0.0.1:1");
            assertThat(given.exitCode()).as("%s --bootstrap", command).isEqualTo(2);
            assertThat(given.err()).contains("Unknown option").contains("'--bootstrap'");
        }
        BenchRunner.Result none = run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("missing subcommand: disk, object-store or tiering");
    }
}
