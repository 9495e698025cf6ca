package dev.rustmq.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a program as a real process: stdin written by the caller (a real pipe), stdout and stderr
 * to files (so a chatty program never blocks on a full pipe), killed if it outlives its timeout.
 */
final class Command {
    /** Path of the repository root (bin/, examples/). */
    static final Path PROJECT = Path.of(System.getProperty("rustmq.it.project.dir", ".")).toAbsolutePath().normalize();
    private static final AtomicInteger RUNS = new AtomicInteger();

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** For assertion messages. */
        String describe() {
            return "exit " + exitCode + ", stderr:\n" + stderr;
        }
    }

    /** What to write to the process's stdin (closed afterwards). */
    interface Input {
        void writeTo(OutputStream stdin) throws IOException;
    }

    private final List<String> command;
    private final Map<String, String> env = new HashMap<>();
    private Duration timeout = Duration.ofMinutes(3);

    private Command(List<String> command) {
        this.command = command;
    }

    static Command of(List<String> command) {
        return new Command(command);
    }

    /** {@code bin/rustmq} with these arguments. */
    static Command rustmq(List<String> args) {
        List<String> all = new java.util.ArrayList<>();
        all.add(PROJECT.resolve("bin/rustmq").toString());
        all.addAll(args);
        return new Command(all);
    }

    Command env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Command timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Result run(Path workDir) throws IOException, InterruptedException {
        return run(workDir, stdin -> { });
    }

    Result run(Path workDir, Input input) throws IOException, InterruptedException {
        int n = RUNS.incrementAndGet();
        Path out = workDir.resolve("run-" + n + ".out");
        Path err = workDir.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("RUSTMQ_BOOTSTRAP");
        // Short-lived JVMs (the CLI, the example programs): the JIT's first tier starts them faster.
        pb.environment().put("RUSTMQ_CLI_OPTS", "-XX:TieredStopAtLevel=1");
        pb.environment().putAll(env);
        Process process = pb.start();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                input.writeTo(stdin);
            } catch (IOException e) {
                // A program that stops reading early (it failed) closes the pipe: its exit code and stderr say why.
                if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0) {
                    throw e;
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(command + " did not finish within " + timeout + "; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}
