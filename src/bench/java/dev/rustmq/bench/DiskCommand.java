package dev.rustmq.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The disk's own limit for what the WAL does: sequential writes, each followed by fdatasync. The
 * baseline `rustmq perf produce` with {@code fsync_on_write = true} is compared with; run it on the
 * broker's WAL disk.
 */
@Command(name = "disk", mixinStandardHelpOptions = true, description = "Measure the disk's write+fdatasync limit "
        + "(the baseline for `rustmq perf produce` with fsync on). Run it on the WAL's disk.")
final class DiskCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Option(names = "--dir", defaultValue = ".", description = "A folder on the disk to measure (default: here).")
    Path dir;
    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per block size.")
    int seconds;
    @Option(names = "--block-sizes", split = ",", defaultValue = "4096,65536,1048576",
            description = "Bytes written before each fdatasync (comma-separated).")
    List<Integer> blockSizes;

    @Override
    public void run() {
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new BenchException(BenchException.FAILED, "--dir " + dir + " is not a writable folder");
        }
        if (seconds < 1 || blockSizes.stream().anyMatch(b -> b < 1)) {
            throw new ParameterException(spec.commandLine(), "--seconds and every --block-sizes value must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("block.bytes, MB.sec, syncs.sec, p50.ms, p99.ms");
        out.flush();
        for (int blockSize : blockSizes) {
            try {
                DiskBaseline.Result r = DiskBaseline.measure(dir, blockSize, seconds * 1000L);
                out.printf(Locale.ROOT, "%d, %.2f, %.1f, %.3f, %.3f%n", blockSize, r.mbPerSecond(),
                        r.syncs() / (double) seconds, r.p50Ms(), r.p99Ms());
                out.flush();
            } catch (IOException e) {
                throw new BenchException(BenchException.FAILED, "could not write in " + dir + ": " + e.getMessage());
            }
        }
    }
}
