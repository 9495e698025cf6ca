package dev.rustmq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rustmq brokers}: the registered brokers, and emptying one before maintenance (admin API, --admin). */
@Command(name = "brokers", mixinStandardHelpOptions = true,
        description = "List brokers and drain one (move every replica off it), over the admin API (--admin).",
        subcommands = {BrokersCommand.ListBrokers.class, BrokersCommand.Drain.class})
final class BrokersCommand implements Runnable {
    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list or drain");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the registered brokers: ID, rack, online/offline, RPC endpoint.")
    static final class ListBrokers implements Runnable {
        @ParentCommand
        BrokersCommand brokers;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode b : brokers.root.admin().get("/api/v1/brokers").path("brokers")) {
                out.println(String.join("\t", b.path("id").asText(), b.path("rack_id").asText(),
                        b.path("status").asText(), b.path("rpc_endpoint").asText()));
            }
            out.flush();
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Move every replica off a broker (before maintenance); prints the plan, which "
                    + "rustmq rebalance status/cancel follow and stop.")
    static final class Drain implements Runnable {
        @ParentCommand
        BrokersCommand brokers;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The broker's id (rustmq brokers list).")
        String id;
        @Option(names = "--max-concurrent-moves", paramLabel = "N",
                description = "Moves running at once (default: the server's [autobalancer] max_concurrent_moves).")
        Integer maxConcurrentMoves;
        @Option(names = "--wait", description = "Follow the moves until the broker is empty; exit 1 if any failed.")
        boolean wait;

        @Override
        public void run() {
            ObjectNode body = AdminApi.body();
            if (maxConcurrentMoves != null) {
                body.put("max_concurrent_moves", maxConcurrentMoves);
            }
            AdminApi admin = brokers.root.admin();
            Rebalance plan = AdminApi.read(admin.post("/api/v1/brokers/" + AdminApi.segment(id) + "/drain", body),
                    Rebalance.class);
            PlanWatch.of(admin, spec.commandLine().getOut()).show(plan, wait);
        }
    }
}
