package dev.rustmq.bench;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rustmq-bench}: the server-side benchmarks, built on the broker's own storage classes, so
 * they run from the server's build (bin/rustmq-bench), never from the client SDK's {@code rustmq}
 * command and never inside the deployed WAR. See docs/benchmarks.md.
 */
@Command(name = "rustmq-bench", mixinStandardHelpOptions = true, version = "rustmq-bench 0.1",
        description = "Baselines and storage benchmarks that need no broker: the disk's fsync limit, an object "
                + "store's PUT/GET throughput, tiered uploads and cold reads against it.",
        subcommands = {DiskCommand.class, ObjectStoreCommand.class, TieringCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the benchmark failed", "2:invalid arguments"})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: disk, object-store or tiering");
    }

    /** A picocli command line that prints a {@link BenchException} as one line and exits with its code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof BenchException b) {
                err.println("rustmq-bench: " + b.getMessage());
                err.flush();
                return b.exitCode();
            }
            err.println("rustmq-bench: " + e);
            e.printStackTrace(err);
            err.flush();
            return BenchException.FAILED;
        });
        return cl;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(cl.execute(args));
    }
}
