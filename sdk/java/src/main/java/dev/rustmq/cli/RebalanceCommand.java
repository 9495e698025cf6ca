package dev.rustmq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rustmq rebalance}: plans that even out replicas and leaders across the live brokers (admin API, --admin). */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = "Even out partitions and leaders across the live brokers, over the admin API (--admin). "
                + "One rebalance (or drain) runs at a time.",
        subcommands = {RebalanceCommand.Start.class, RebalanceCommand.Status.class, RebalanceCommand.ListPlans.class,
                RebalanceCommand.Cancel.class})
final class RebalanceCommand implements Runnable {
    static final String PATH = "/api/v1/rebalance";

    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: start, status, list or cancel");
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Plan a rebalance and start its moves; prints the plan.")
    static final class Start implements Runnable {
        @ParentCommand
        RebalanceCommand rebalance;
        @Spec
        CommandSpec spec;
        // A plain string, not an enum: the server knows its strategies and names them when one is wrong.
        @Option(names = "--strategy", paramLabel = "S", description = "BALANCE_LOAD (default: replicas, then "
                + "leaders), PARTITION_COUNT (replicas only) or LEADER_COUNT (leaders only, no data moves).")
        String strategy;
        @Option(names = "--topics", paramLabel = "TOPIC", split = ",",
                description = "Move only these topics' partitions (default: all), comma-separated.")
        List<String> topics;
        @Option(names = "--max-concurrent-moves", paramLabel = "N",
                description = "Moves running at once (default: the server's [autobalancer] max_concurrent_moves).")
        Integer maxConcurrentMoves;
        @Option(names = "--wait", description = "Follow the moves until the plan completes; exit 1 if any failed.")
        boolean wait;

        @Override
        public void run() {
            ObjectNode body = AdminApi.body();
            if (strategy != null) {
                body.put("strategy", strategy);
            }
            if (topics != null) {
                ArrayNode names = body.putArray("topic_names");
                topics.forEach(names::add);
            }
            if (maxConcurrentMoves != null) {
                body.put("max_concurrent_moves", maxConcurrentMoves);
            }
            AdminApi admin = rebalance.root.admin();
            Rebalance plan = AdminApi.read(admin.post(PATH, body), Rebalance.class);
            PlanWatch.of(admin, spec.commandLine().getOut()).show(plan, wait);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a plan's moves and how far they are.")
    static final class Status implements Runnable {
        @ParentCommand
        RebalanceCommand rebalance;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The plan's id (rustmq rebalance list).")
        String id;
        @Option(names = "--wait", description = "Follow the moves until the plan completes; exit 1 if any failed.")
        boolean wait;

        @Override
        public void run() {
            AdminApi admin = rebalance.root.admin();
            Rebalance plan = AdminApi.read(admin.get(PATH + "/" + AdminApi.segment(id)), Rebalance.class);
            PlanWatch.of(admin, spec.commandLine().getOut()).show(plan, wait);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the plans the controllers keep (the running one and the last completed ones): "
                    + "ID, strategy, state, progress, creation time.")
    static final class ListPlans implements Runnable {
        @ParentCommand
        RebalanceCommand rebalance;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode plans = rebalance.root.admin().get(PATH).path("rebalances");
            if (plans.isEmpty()) {
                out.println("No rebalance plans.");
            }
            plans.forEach(p -> out.println(PlanText.listLine(AdminApi.read(p, Rebalance.class))));
            out.flush();
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Stop a plan: moves not started are cancelled; moves in progress finish.")
    static final class Cancel implements Runnable {
        @ParentCommand
        RebalanceCommand rebalance;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The plan's id (rustmq rebalance list).")
        String id;

        @Override
        public void run() {
            Rebalance plan = AdminApi.read(rebalance.root.admin().delete(PATH + "/" + AdminApi.segment(id)),
                    Rebalance.class);
            PrintWriter out = spec.commandLine().getOut();
            out.println(plan.movesInProgress() == 0 ? "Rebalance " + id + " stopped: no move runs or will run."
                    : "Rebalance " + id + " stops: moves not started are cancelled; " + plan.movesInProgress()
                            + " in progress finish (rustmq rebalance status " + id + " --wait follows them).");
            PlanText.plan(plan).forEach(out::println);
            out.flush();
        }
    }
}
