package dev.rustmq.bench;

import static dev.rustmq.bench.BenchRunner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** `rustmq-bench object-store`: measures PUT and ranged GET of a store, needs no broker, cleans up. */
class ObjectStoreCommandIT {
    @TempDir
    Path dir;

    /** The CSV rows after the header: put, then get-range, each with positive calls and MB/s. */
    private static void assertMeasured(BenchRunner.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf("phase, calls, MB, MB.sec, calls.sec, p50.ms, p99.ms");
        assertThat(header).as(r.out()).isPositive();
        assertThat(lines).hasSize(header + 3);
        for (int i = 1; i <= 2; i++) {
            String[] fields = lines.get(header + i).split(", ");
            assertThat(fields[0]).isEqualTo(i == 1 ? "put" : "get-range");
            assertThat(Long.parseLong(fields[1])).as("calls").isPositive();
            assertThat(Double.parseDouble(fields[3])).as("MB/s").isPositive();
        }
    }

    @Test
    void measuresALocalFolderAndLeavesNoObjects() throws Exception {
        BenchRunner.Result r = run("object-store", "--type", "Local", "--path", dir.toString(), "--seconds", "1",
                "--object-size", "1048576", "--read-size", "65536", "--concurrency", "2");
        assertMeasured(r);
        assertThat(r.out()).startsWith("store: local folder " + dir);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsOnly(".staging");
        }
    }

    @Test
    void measuresS3ProxyAndLeavesNoObjects() throws Exception {
        try (S3ProxyServer s3proxy = S3ProxyServer.start(dir.resolve("s3proxy"))) {
            s3proxy.createBucket("perf");
            BenchRunner.Result r = run("object-store", "--endpoint", s3proxy.endpoint(), "--bucket", "perf", "--path-style",
                    "--access-key", S3ProxyServer.ACCESS_KEY, "--secret-key", S3ProxyServer.SECRET_KEY,
                    "--seconds", "1", "--object-size", "1048576", "--read-size", "65536");
            assertMeasured(r);
            assertThat(r.out()).doesNotContain(S3ProxyServer.SECRET_KEY);
            try (S3Client s3 = s3proxy.client()) {
                assertThat(s3.listObjectsV2(b -> b.bucket("perf")).contents()).isEmpty();
            }
        }
    }

    @Test
    void missingSettingsNameTheFlag() {
        BenchRunner.Result noBucket = run("object-store", "--type", "S3", "--seconds", "1");
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).contains("--bucket: a bucket is required");

        BenchRunner.Result badSize = run("object-store", "--type", "Local", "--path", dir.toString(), "--read-size", "0");
        assertThat(badSize.exitCode()).isEqualTo(2);
        assertThat(badSize.err()).contains("--read-size");
    }

    @Test
    void anUnreachableStoreFailsWithItsAddress() {
        // Nothing listens on port 1 of the loopback address: connection refused, tried twice, then given up.
        BenchRunner.Result r = run("object-store", "--endpoint", "http://127.0.0.1:1", "--bucket", "b", "--path-style",
                "--access-key", "a", "--secret-key", "s", "--seconds", "1", "--object-size", "1024",
                "--read-size", "1024", "--retry-max-attempts", "2");
        assertThat(r.exitCode()).isEqualTo(BenchException.FAILED);
        assertThat(r.err()).contains("object-store failed").contains("failed 2 times")
                .contains("http://127.0.0.1:1");
    }
}
