package dev.rustmq.bench;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs `rustmq-bench` in-process, as the shell would, and keeps what it printed. */
final class BenchRunner {
    record Result(int exitCode, String out, String err) {
    }

    private BenchRunner() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
