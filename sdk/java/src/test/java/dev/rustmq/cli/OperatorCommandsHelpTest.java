package dev.rustmq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The commands that move partitions are listed with the admin API they speak to. */
class OperatorCommandsHelpTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RustMqCommand.commandLine(new RustMqCommand(InputStream.nullInputStream()))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void theRootHelpListsThemAndTheAdminOption() {
        String[] help = run("--help");
        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).contains("rebalance", "brokers", "partitions", "leaders", "--admin=URL",
                "RUSTMQ_ADMIN_URL", "Over the admin HTTP API (--admin)");
    }

    @Test
    void eachTakesTheAdminOption() {
        for (String[] command : new String[][] {{"rebalance", "start"}, {"rebalance", "status"},
                {"rebalance", "list"}, {"rebalance", "cancel"}, {"brokers", "drain"}, {"partitions", "reassign"},
                {"partitions", "list-reassignments"}, {"leaders", "elect-preferred"}, {"topics", "alter"}}) {
            String[] help = run(command[0], command[1], "--help");
            assertThat(help[0]).as(String.join(" ", command)).isEqualTo("0");
            assertThat(help[1]).as(String.join(" ", command)).contains("--admin=URL");
        }
    }

    @Test
    void aGroupWithoutASubcommandIsAUsageError() {
        String[] rebalance = run("rebalance");
        assertThat(rebalance[0]).isEqualTo("2");
        assertThat(rebalance[2]).contains("missing subcommand: start, status, list or cancel");
    }

    @Test
    void reassignNeedsTheReplicas() {
        String[] reassign = run("partitions", "reassign", "orders", "0");
        assertThat(reassign[0]).isEqualTo("2");
        assertThat(reassign[2]).contains("--replicas");
    }
}
