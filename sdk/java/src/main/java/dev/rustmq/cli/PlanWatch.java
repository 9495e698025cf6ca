package dev.rustmq.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Shows a rebalance or drain plan and, with {@code --wait}, follows it to its end: each move as it
 * finishes, the progress whenever it changes, then a summary. Shared by {@code rebalance start},
 * {@code rebalance status} and {@code brokers drain}, so they print and end alike.
 */
final class PlanWatch {
    /** How often --wait asks the server for the plan. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** An unchanged progress line is repeated after this many polls, so a long move still shows the tool is alive. */
    static final int QUIET_POLLS = 30;

    private final Function<String, Rebalance> plans;
    private final PrintWriter out;
    private final Duration pollInterval;

    /**
     * @param plans        the plan with an id, as the server has it now
     * @param pollInterval the pause between two asks (tests pass zero)
     */
    PlanWatch(Function<String, Rebalance> plans, PrintWriter out, Duration pollInterval) {
        this.plans = plans;
        this.out = out;
        this.pollInterval = pollInterval;
    }

    /** For the commands: plans from the admin API, asked every {@link #POLL_INTERVAL}. */
    static PlanWatch of(AdminApi admin, PrintWriter out) {
        return new PlanWatch(id -> AdminApi.read(admin.get("/api/v1/rebalance/" + AdminApi.segment(id)),
                Rebalance.class), out, POLL_INTERVAL);
    }

    /** Prints the plan; with {@code wait}, follows it as {@link #follow} does. */
    void show(Rebalance plan, boolean wait) {
        PlanText.plan(plan).forEach(out::println);
        out.flush();
        if (wait) {
            follow(plan);
        }
    }

    /**
     * Follows {@code plan}, whose moves finished so far were already printed, until it completes.
     *
     * @return the completed plan
     * @throws CliException (exit 1) when a move failed, after the summary has listed the failures
     */
    Rebalance follow(Rebalance plan) {
        String id = plan.rebalanceId();
        if (!plan.completed()) {
            out.println("Following the moves; Ctrl-C stops following, not the rebalance (rustmq rebalance cancel "
                    + id + " stops it).");
            out.flush();
        }
        Set<Integer> shown = finished(plan);
        String lastProgress = PlanText.progress(plan);
        int quietPolls = 0;
        Rebalance current = plan;
        while (!current.completed()) {
            pause(id);
            current = fetch(id);
            for (int i = 0; i < current.moves().size(); i++) {
                if (current.moves().get(i).finished() && shown.add(i)) {
                    out.println(PlanText.move(current.moves().get(i)));
                }
            }
            String progress = PlanText.progress(current);
            if (!progress.equals(lastProgress) || ++quietPolls >= QUIET_POLLS) {
                out.println(progress);
                lastProgress = progress;
                quietPolls = 0;
            }
            out.flush();
        }
        out.println(PlanText.summary(current));
        current.moves().stream().filter(m -> Rebalance.Move.FAILED.equals(m.state()))
                .forEach(m -> out.println(PlanText.move(m)));
        out.flush();
        if (current.movesFailed() > 0) {
            throw new CliException(CliException.FAILED, current.movesFailed() + " of " + current.movesTotal()
                    + " moves of rebalance " + id + " failed (listed above)");
        }
        return current;
    }

    private static Set<Integer> finished(Rebalance plan) {
        Set<Integer> finished = new HashSet<>();
        for (int i = 0; i < plan.moves().size(); i++) {
            if (plan.moves().get(i).finished()) {
                finished.add(i);
            }
        }
        return finished;
    }

    private Rebalance fetch(String id) {
        try {
            return plans.apply(id);
        } catch (CliException e) {
            throw new CliException(e.exitCode(), "stopped following rebalance " + id + ", which goes on at the server "
                    + "(rustmq rebalance status " + id + " --wait follows it again): " + e.getMessage(), e);
        }
    }

    private void pause(String id) {
        if (pollInterval.isZero()) {
            return;
        }
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILED, "interrupted while following rebalance " + id, e);
        }
    }
}
