package dev.rustmq.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the `rustmq` command in-process, as the shell would, and keeps what it printed. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    static Result run(InputStream in, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RustMqCommand.commandLine(new RustMqCommand(in)).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }
}
