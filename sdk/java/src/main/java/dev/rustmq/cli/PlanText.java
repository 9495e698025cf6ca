package dev.rustmq.cli;

import java.util.ArrayList;
import java.util.List;

/** How a rebalance or drain plan reads on the terminal: one place, so start, drain, status and --wait agree. */
final class PlanText {
    private PlanText() {
    }

    /** The plan as {@code rebalance start}, {@code brokers drain} and {@code rebalance status} print it. */
    static List<String> plan(Rebalance plan) {
        List<String> lines = new ArrayList<>();
        lines.add(header(plan));
        lines.add(plan.state() + ": " + progress(plan));
        if (plan.moves().isEmpty()) {
            lines.add("Nothing to move.");
        }
        plan.moves().forEach(m -> lines.add(move(m)));
        return lines;
    }

    /** {@code Rebalance ID (PARTITION_COUNT, topics a, b): 8 moves, at most 2 at a time}. */
    static String header(Rebalance plan) {
        String what = plan.isDrain() ? "drain of broker " + plan.broker()
                : plan.strategy() + (plan.topicNames().isEmpty() ? "" : ", topics " + String.join(", ", plan.topicNames()));
        return "Rebalance " + plan.rebalanceId() + " (" + what + "): " + moves(plan.movesTotal()) + ", at most "
                + plan.maxConcurrentMoves() + " at a time";
    }

    /** {@code 3/8 moves done, 1 failed, 2 in progress}: printed by --wait whenever it changes. */
    static String progress(Rebalance plan) {
        return plan.movesDone() + "/" + plan.movesTotal() + " moves done, " + plan.movesFailed() + " failed, "
                + plan.movesInProgress() + " in progress";
    }

    /** {@code   orders-0: [0, 1] -> [1, 2]  done in 1520 ms}. */
    static String move(Rebalance.Move m) {
        String outcome = switch (m.state()) {
            case Rebalance.Move.DONE -> m.durationMs() == null ? "done" : "done in " + m.durationMs() + " ms";
            case Rebalance.Move.FAILED -> "failed: " + m.error();
            default -> m.state();
        };
        return "  " + m.name() + ": " + m.from() + " -> " + m.to() + (m.leaderOnly() ? " (leader move)" : "") + "  "
                + outcome;
    }

    /** The last line of --wait: {@code Rebalance ID completed: 7 of 8 moves done, 1 failed}. */
    static String summary(Rebalance plan) {
        if (plan.movesTotal() == 0) {
            return "Rebalance " + plan.rebalanceId() + " completed: nothing to move.";
        }
        return "Rebalance " + plan.rebalanceId() + " completed: " + plan.movesDone() + " of " + moves(plan.movesTotal())
                + " done, " + plan.movesFailed() + " failed" + (plan.movesFailed() == 0 ? "." : ":");
    }

    /** One line of {@code rebalance list}: ID, what, state, progress, created; tab-separated like {@code topics list}. */
    static String listLine(Rebalance plan) {
        String what = plan.isDrain() ? "DRAIN of broker " + plan.broker() : plan.strategy();
        return String.join("\t", plan.rebalanceId(), what, plan.state(), progress(plan), "created " + plan.createdAt());
    }

    private static String moves(int n) {
        return n + (n == 1 ? " move" : " moves");
    }
}
