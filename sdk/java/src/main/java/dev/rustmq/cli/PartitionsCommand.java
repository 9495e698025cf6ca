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

/** {@code rustmq partitions}: moving one partition, and the moves in progress (admin API, --admin). */
@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = "Move a partition to other brokers and list the moves in progress, over the admin API (--admin).",
        subcommands = {PartitionsCommand.Reassign.class, PartitionsCommand.ListReassignments.class})
final class PartitionsCommand implements Runnable {
    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: reassign or list-reassignments");
    }

    @Command(name = "reassign", mixinStandardHelpOptions = true,
            description = "Move a partition to these brokers; the first becomes its preferred leader. "
                    + "The same brokers in another order only change the preferred leader.")
    static final class Reassign implements Runnable {
        @ParentCommand
        PartitionsCommand partitions;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TOPIC")
        String topic;
        @Parameters(index = "1", paramLabel = "PARTITION")
        int partition;
        @Option(names = "--replicas", paramLabel = "BROKER", split = ",", required = true,
                description = "The broker ids the partition should live on, comma-separated (e.g. 1,2,3).")
        List<String> replicas;

        @Override
        public void run() {
            ObjectNode body = AdminApi.body();
            ArrayNode ids = body.putArray("replicas");
            replicas.forEach(ids::add);
            JsonNode answer = partitions.root.admin().post("/api/v1/topics/" + AdminApi.segment(topic) + "/partitions/"
                    + partition + "/reassign", body);
            PartitionPlacement p = AdminApi.read(answer, PartitionPlacement.class);
            PrintWriter out = spec.commandLine().getOut();
            String name = topic + "-" + partition;
            out.println(p.moving()
                    ? "Moving " + name + " from " + p.replicas() + " to " + p.targetReplicas()
                            + " (rustmq partitions list-reassignments shows it until it is done)."
                    : name + " is on " + p.replicas() + ", leader " + p.leader() + ": no data to move.");
            out.flush();
        }
    }

    @Command(name = "list-reassignments", mixinStandardHelpOptions = true,
            description = "List the partitions being moved now: from, to, leader and in-sync replicas.")
    static final class ListReassignments implements Runnable {
        @ParentCommand
        PartitionsCommand partitions;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode moving = partitions.root.admin().get("/api/v1/reassignments").path("reassignments");
            if (moving.isEmpty()) {
                out.println("No partition is being moved.");
            }
            for (JsonNode json : moving) {
                PartitionPlacement p = AdminApi.read(json, PartitionPlacement.class);
                out.println(p.topic() + "-" + p.partition() + ": " + p.replicas() + " -> " + p.targetReplicas()
                        + "  leader " + p.leader() + ", in sync " + p.isr());
            }
            out.flush();
        }
    }
}
