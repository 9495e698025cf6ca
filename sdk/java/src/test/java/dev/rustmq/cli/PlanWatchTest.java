package dev.rustmq.cli;

import static dev.rustmq.cli.Plans.move;
import static dev.rustmq.cli.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --wait}: what it prints while a plan runs, and how it ends, on plans a server could answer in turn. */
class PlanWatchTest {
    private final StringWriter printed = new StringWriter();

    /** A watch that is answered {@code answers} one after the other, without pausing. */
    private PlanWatch watch(Rebalance... answers) {
        Deque<Rebalance> next = new ArrayDeque<>(List.of(answers));
        return new PlanWatch(id -> {
            assertThat(id).isEqualTo(Plans.ID);
            return next.removeFirst();
        }, new PrintWriter(printed, true), Duration.ZERO);
    }

    private List<String> lines() {
        return printed.toString().lines().toList();
    }

    @Test
    void printsEachMoveAsItFinishesAndTheProgressWhenItChangesThenASummary() {
        Rebalance started = plan(move(0, "moving"), move(1, "moving"), move(2, "pending"));
        Rebalance completed = watch(
                plan(move(0, "moving"), move(1, "moving"), move(2, "pending")),
                plan(move(0, "done"), move(1, "moving"), move(2, "moving")),
                plan(move(0, "done"), move(1, "done"), move(2, "done"))).follow(started);

        assertThat(completed.completed()).isTrue();
        assertThat(lines()).containsExactly(
                "Following the moves; Ctrl-C stops following, not the rebalance (rustmq rebalance cancel " + Plans.ID
                        + " stops it).",
                "  orders-0: [0, 1] -> [1, 2]  done in 1520 ms",
                "1/3 moves done, 0 failed, 2 in progress",
                "  orders-1: [0, 1] -> [1, 2]  done in 1520 ms",
                "  orders-2: [0, 1] -> [1, 2]  done in 1520 ms",
                "3/3 moves done, 0 failed, 0 in progress",
                "Rebalance " + Plans.ID + " completed: 3 of 3 moves done, 0 failed.");
    }

    @Test
    void aFailedMoveIsListedInTheSummaryAndFailsTheCommand() {
        Rebalance started = plan(move(0, "moving"), move(1, "pending"));
        PlanWatch watch = watch(plan(move(0, "done"), move(1, "failed")));

        assertThatThrownBy(() -> watch.follow(started)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(CliException.FAILED);
            assertThat(e.getMessage()).isEqualTo("1 of 2 moves of rebalance " + Plans.ID + " failed (listed above)");
        });
        assertThat(lines()).endsWith(
                "1/2 moves done, 1 failed, 0 in progress",
                "Rebalance " + Plans.ID + " completed: 1 of 2 moves done, 1 failed:",
                "  orders-1: [0, 1] -> [1, 2]  failed: the topic was deleted");
    }

    @Test
    void aPlanWithNothingToMoveIsCompletedAtOnce() {
        watch().show(plan(), true);

        assertThat(lines()).containsExactly(
                "Rebalance " + Plans.ID + " (PARTITION_COUNT): 0 moves, at most 2 at a time",
                "completed: 0/0 moves done, 0 failed, 0 in progress",
                "Nothing to move.",
                "Rebalance " + Plans.ID + " completed: nothing to move.");
    }

    @Test
    void anUnchangedProgressIsRepeatedOnlyAfterAQuietWhile() {
        Rebalance running = plan(move(0, "moving"));
        Rebalance[] answers = new Rebalance[2 * PlanWatch.QUIET_POLLS + 1];
        Arrays.fill(answers, running);
        answers[answers.length - 1] = plan(move(0, "done"));

        watch(answers).follow(running);

        assertThat(lines()).filteredOn(l -> l.equals("0/1 moves done, 0 failed, 1 in progress")).hasSize(2);
        assertThat(lines()).contains("1/1 moves done, 0 failed, 0 in progress");
    }

    @Test
    void losingTheServerWhileFollowingSaysThePlanGoesOn() {
        PlanWatch watch = new PlanWatch(id -> {
            throw new CliException(CliException.BROKER_UNREACHABLE, "cannot reach the admin API at http://x:9642: "
                    + "connection refused");
        }, new PrintWriter(printed, true), Duration.ZERO);

        assertThatThrownBy(() -> watch.follow(plan(move(0, "moving")))).isInstanceOfSatisfying(CliException.class,
                e -> {
                    assertThat(e.exitCode()).isEqualTo(CliException.BROKER_UNREACHABLE);
                    assertThat(e.getMessage()).startsWith("stopped following rebalance " + Plans.ID
                            + ", which goes on at the server (rustmq rebalance status " + Plans.ID
                            + " --wait follows it again): cannot reach the admin API");
                });
    }
}
