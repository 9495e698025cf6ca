package dev.rustmq.cli;

import static dev.rustmq.cli.Plans.move;
import static dev.rustmq.cli.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What rebalance start, status, list and brokers drain print for a plan. */
class PlanTextTest {
    /** A plan as the server's RebalanceJson writes it, with a field this CLI does not know. */
    private static final String SERVER_JSON = """
            {"rebalance_id":"r-1","strategy":"BALANCE_LOAD","topic_names":["orders","payments"],"broker":null,
             "max_concurrent_moves":2,"state":"running","created_at":"2026-12-07T22:17:44Z","finished_at":null,
             "moves_total":8,"moves_pending":2,"moves_in_progress":2,"moves_done":3,"moves_failed":1,
             "added_by_a_newer_server":true,
             "moves":[{"topic":"orders","partition":3,"kind":"leader","from":["1","2"],"to":["2","1"],
                       "state":"pending","error":null,"duration_ms":null}]}""";

    @Test
    void readsTheServersJsonAndPrintsTheHeaderProgressAndEachMove() throws Exception {
        JsonNode json = AdminApi.JSON.readTree(SERVER_JSON);
        Rebalance plan = AdminApi.read(json, Rebalance.class);

        assertThat(PlanText.plan(plan)).containsExactly(
                "Rebalance r-1 (BALANCE_LOAD, topics orders, payments): 8 moves, at most 2 at a time",
                "running: 3/8 moves done, 1 failed, 2 in progress",
                "  orders-3: [1, 2] -> [2, 1] (leader move)  pending");
    }

    @Test
    void aMoveSaysHowItEnded() {
        assertThat(PlanText.move(move(0, "done"))).isEqualTo("  orders-0: [0, 1] -> [1, 2]  done in 1520 ms");
        assertThat(PlanText.move(move(1, "failed"))).isEqualTo("  orders-1: [0, 1] -> [1, 2]  failed: the topic was deleted");
        assertThat(PlanText.move(move(2, "moving"))).isEqualTo("  orders-2: [0, 1] -> [1, 2]  moving");
    }

    @Test
    void aDrainNamesItsBroker() {
        Rebalance plan = plan(move(0, "moving"));
        Rebalance drain = new Rebalance(plan.rebalanceId(), "DRAIN", List.of(), "2", 1, plan.state(), plan.createdAt(),
                null, 1, 0, 1, 0, 0, plan.moves());
        assertThat(PlanText.header(drain)).isEqualTo("Rebalance " + Plans.ID + " (drain of broker 2): 1 move, at most 1 at a time");
        assertThat(PlanText.listLine(drain)).isEqualTo(Plans.ID
                + "\tDRAIN of broker 2\trunning\t0/1 moves done, 0 failed, 1 in progress\tcreated 2026-12-07T22:17:44Z");
    }

    @Test
    void aPlanWithNothingToMoveSaysSo() {
        Rebalance empty = plan();
        assertThat(PlanText.plan(empty)).containsExactly(
                "Rebalance " + Plans.ID + " (PARTITION_COUNT): 0 moves, at most 2 at a time",
                "completed: 0/0 moves done, 0 failed, 0 in progress",
                "Nothing to move.");
        assertThat(PlanText.summary(empty)).isEqualTo("Rebalance " + Plans.ID + " completed: nothing to move.");
    }

    @Test
    void theSummaryCountsDoneAndFailedMoves() {
        assertThat(PlanText.summary(plan(move(0, "done"), move(1, "done")))).isEqualTo("Rebalance " + Plans.ID
                + " completed: 2 of 2 moves done, 0 failed.");
        assertThat(PlanText.summary(plan(move(0, "done"), move(1, "failed")))).isEqualTo("Rebalance " + Plans.ID
                + " completed: 1 of 2 moves done, 1 failed:");
    }
}
