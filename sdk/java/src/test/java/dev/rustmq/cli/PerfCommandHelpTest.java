package dev.rustmq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * `rustmq perf` holds the client-side tools only: the disk, object-store and tiering benchmarks need
 * the server's storage classes and live in the server's `rustmq-bench` (docs/cli.md).
 */
class PerfCommandHelpTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RustMqCommand.commandLine(new RustMqCommand(InputStream.nullInputStream()))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void perfOffersProduceAndConsumeWhichTalkToABroker() {
        String[] help = run("perf", "--help");
        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).contains("produce", "consume").doesNotContain("disk", "object-store", "tiering");

        String[] produce = run("perf", "produce", "--help");
        assertThat(produce[1]).contains("--bootstrap", "--topic");
    }

    @Test
    void aServerSideBenchmarkIsAnUnknownSubcommand() {
        String[] disk = run("perf", "disk", "--dir", ".");
        assertThat(disk[0]).isEqualTo("2");
        assertThat(disk[2]).contains("Unmatched argument").contains("disk");
    }
}
