package dev.rustmq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.cli.CliRunner.Result;
import dev.rustmq.it.LibertyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands that move partitions (rebalance, brokers, partitions, leaders, topics alter), run
 * in-process against a real Liberty server's admin API. The server is one combined node, so what
 * can be checked is the plumbing and the messages: plans with nothing to move, and every refusal
 * one broker gives (no other broker to move to).
 */
class RustMqCliMovesIT {
    private static final String TOPIC = "moves";
    private static final Pattern PLAN_ID = Pattern.compile("^Rebalance (\\S+) \\(");

    static LibertyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LibertyServer.create("cli-moves").start();
        // Through the binary protocol, as an operator would: the admin commands then see it over HTTP.
        Result created = CliRunner.run("topics", "create", TOPIC, "--partitions", "2", "--bootstrap",
                "127.0.0.1:" + server.dataPort());
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** The command with {@code --admin} pointing at the server under test, unless it names its own. */
    static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--admin")) {
            all.add("--admin");
            all.add(server.baseUrl());
        }
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void aRebalanceWithNothingToMoveCompletesAndIsListedAndShown() {
        Result started = run("rebalance", "start", "--wait");
        assertThat(started.exitCode()).as(started.err()).isZero();
        List<String> lines = started.out().lines().toList();
        Matcher id = PLAN_ID.matcher(lines.get(0));
        assertThat(id.find()).as(lines.get(0)).isTrue();
        String planId = id.group(1);
        // At most the server's [autobalancer] max_concurrent_moves at a time.
        assertThat(lines.get(0)).matches(Pattern.quote("Rebalance " + planId + " (BALANCE_LOAD): 0 moves, at most ")
                + "\\d+ at a time");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "completed: 0/0 moves done, 0 failed, 0 in progress",
                "Nothing to move.",
                "Rebalance " + planId + " completed: nothing to move.");

        Result list = run("rebalance", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(planId + "\tBALANCE_LOAD\tcompleted\t0/0 moves done, 0 failed, 0 in progress"
                + "\tcreated ");

        Result status = run("rebalance", "status", planId);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("Rebalance " + planId + " (BALANCE_LOAD): 0 moves")
                .contains("completed: 0/0 moves done, 0 failed, 0 in progress");

        Result cancelled = run("rebalance", "cancel", planId);
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).startsWith("Rebalance " + planId + " stopped: no move runs or will run.");
    }

    @Test
    void aRebalanceTakesItsStrategyTopicsAndConcurrency() {
        Result started = run("rebalance", "start", "--strategy", "partition_count", "--topics", TOPIC,
                "--max-concurrent-moves", "1");
        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).containsPattern("Rebalance \\S+ \\(PARTITION_COUNT, topics " + TOPIC
                + "\\): 0 moves, at most 1 at a time");
    }

    @Test
    void anUnknownStrategyOrTopicGetsTheServersMessage() {
        Result strategy = run("rebalance", "start", "--strategy", "SIDEWAYS");
        assertThat(strategy.exitCode()).isEqualTo(1);
        assertThat(strategy.err()).isEqualTo("rustmq: unknown rebalance strategy \"SIDEWAYS\"; choose one of "
                + "[BALANCE_LOAD, LEADER_COUNT, PARTITION_COUNT]\n");

        Result topic = run("rebalance", "start", "--topics", "no-such-topic");
        assertThat(topic.exitCode()).isEqualTo(4);
        assertThat(topic.err()).contains("topic \"no-such-topic\" does not exist");

        Result status = run("rebalance", "status", "no-such-plan");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("no rebalance with id \"no-such-plan\"");
    }

    @Test
    void aPartitionReassignedToItsOwnBrokerStaysAndAnUnknownBrokerIsRefused() {
        Result same = run("partitions", "reassign", TOPIC, "0", "--replicas", "0");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.out()).isEqualTo(TOPIC + "-0 is on [0], leader 0: no data to move.\n");

        Result unknown = run("partitions", "reassign", TOPIC, "1", "--replicas", "0,7");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("rustmq: replicas of " + TOPIC + "-1 name brokers that are not live: [7] "
                + "(live: [0])").doesNotContain("\tat ");

        Result moving = run("partitions", "list-reassignments");
        assertThat(moving.exitCode()).as(moving.err()).isZero();
        assertThat(moving.out()).isEqualTo("No partition is being moved.\n");
    }

    @Test
    void electingPreferredLeadersOnOneBrokerElectsNothing() {
        for (Result r : List.of(run("leaders", "elect-preferred"), run("leaders", "elect-preferred", "--topics", TOPIC))) {
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("Nothing elected: every partition is led by its preferred replica");
        }
    }

    @Test
    void aReplicationFactorAboveTheLiveBrokersIsRefusedNamingBoth() {
        Result two = run("topics", "alter", TOPIC, "--replication-factor", "2");
        assertThat(two.exitCode()).isEqualTo(1);
        assertThat(two.err()).contains("replication_factor 2 is larger than the number of live brokers (1)");

        Result one = run("topics", "alter", TOPIC, "--replication-factor", "1");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo("Topic " + TOPIC + ": replication factor 1; nothing to move.\n");
    }

    @Test
    void theOnlyBrokerCannotBeDrained() {
        Result brokers = run("brokers", "list");
        assertThat(brokers.exitCode()).as(brokers.err()).isZero();
        assertThat(brokers.out()).startsWith("0\t").contains("\tonline\t");

        Result drain = run("brokers", "drain", "0", "--wait");
        assertThat(drain.exitCode()).isEqualTo(1);
        assertThat(drain.err()).startsWith("rustmq: cannot drain broker 0: " + TOPIC + "-")
                .contains("no other live broker can take one");
        assertThat(drain.out()).isEmpty();
    }

    @Test
    void anUnreachableAdminUrlSaysWhichAndHowToChangeIt() {
        Result r = run("rebalance", "list", "--admin", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("rustmq: cannot reach the admin API at http://127.0.0.1:1: connection refused — "
                + "is the server running, and is that its admin port? (--admin or RUSTMQ_ADMIN_URL)\n");
    }
}
