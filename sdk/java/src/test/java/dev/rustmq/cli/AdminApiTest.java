package dev.rustmq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --admin URLs, and the one-line messages the admin API's failures become. */
class AdminApiTest {
    private static final String URL = "http://10.0.0.7:9642";

    @Test
    void aBareHostAndPortIsHttpAndATrailingSlashGoes() {
        assertThat(AdminApi.url("10.0.0.7:9642")).isEqualTo(URL);
        assertThat(AdminApi.url("http://10.0.0.7:9642/")).isEqualTo(URL);
        assertThat(AdminApi.url("https://admin.example.com")).isEqualTo("https://admin.example.com");
        assertThat(AdminApi.url(null)).isEqualTo(AdminApi.DEFAULT_URL);
    }

    @Test
    void anotherSchemeIsAUsageError() {
        assertThatThrownBy(() -> AdminApi.url("tcp://10.0.0.7:9092")).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(e.getMessage()).isEqualTo("--admin tcp://10.0.0.7:9092: use http://host:port (the admin port, "
                    + "9642 by default)");
        });
    }

    @Test
    void aRefusedRequestIsTheServersMessage() {
        CliException e = AdminApiFailure.refused(400, "{\"error\":\"INVALID_REQUEST\",\"message\":\"unknown rebalance "
                + "strategy \\\"X\\\"; choose one of [BALANCE_LOAD, LEADER_COUNT, PARTITION_COUNT]\"}", URL);
        assertThat(e.exitCode()).isEqualTo(CliException.FAILED);
        assertThat(e.getMessage()).isEqualTo("unknown rebalance strategy \"X\"; choose one of [BALANCE_LOAD, "
                + "LEADER_COUNT, PARTITION_COUNT]");
    }

    @Test
    void anUnknownTopicExitsAsTheOtherCommandsDo() {
        CliException e = AdminApiFailure.refused(404, "{\"error\":\"UNKNOWN_TOPIC_OR_PARTITION\","
                + "\"message\":\"topic \\\"nope\\\" does not exist\"}", URL);
        assertThat(e.exitCode()).isEqualTo(CliException.UNKNOWN_TOPIC);
        assertThat(e.getMessage()).isEqualTo("topic \"nope\" does not exist");
    }

    @Test
    void aRunningRebalanceIsNamedWithTheCommandsThatFollowOrStopIt() {
        CliException e = AdminApiFailure.refused(409, "{\"error\":\"REBALANCE_IN_PROGRESS\",\"message\":\"rebalance "
                + "r-1234 (PARTITION_COUNT) is running: 2 of 8 moves finished; wait for it or cancel it (DELETE "
                + "/api/v1/rebalance/r-1234)\"}", URL);
        assertThat(e.getMessage()).startsWith("rebalance r-1234 (PARTITION_COUNT) is running: 2 of 8 moves finished")
                .endsWith("; here: rustmq rebalance status r-1234 --wait, or rustmq rebalance cancel r-1234");
    }

    @Test
    void anAnswerThatIsNotTheApisSaysWhichUrlAnswered() {
        CliException e = AdminApiFailure.refused(404, "<html><body>\n  Not Found\n</body></html>", URL);
        assertThat(e.exitCode()).isEqualTo(CliException.FAILED);
        assertThat(e.getMessage()).isEqualTo(URL + " answered HTTP 404 (<html><body> Not Found </body></html>), not "
                + "as RustMQ's admin API; is that the admin port, 9642 by default? (--admin or RUSTMQ_ADMIN_URL)");
    }

    @Test
    void noConnectionNamesTheUrlAndTheFlag() {
        IOException refused = new ConnectException();
        refused.initCause(new ConnectException());
        CliException e = AdminApiFailure.unreachable(refused, URL);
        assertThat(e.exitCode()).isEqualTo(CliException.BROKER_UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("cannot reach the admin API at " + URL + ": connection refused — is the "
                + "server running, and is that its admin port? (--admin or RUSTMQ_ADMIN_URL)");

        IOException unknownHost = new ConnectException();
        unknownHost.initCause(new UnresolvedAddressException());
        assertThat(AdminApiFailure.unreachable(unknownHost, URL).getMessage()).isEqualTo("cannot reach the admin API "
                + "at " + URL + ": unknown host — check --admin or RUSTMQ_ADMIN_URL");
    }
}
