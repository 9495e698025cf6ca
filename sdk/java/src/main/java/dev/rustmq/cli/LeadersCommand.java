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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rustmq leaders}: handing partitions' leads back to their preferred replicas (admin API, --admin). */
@Command(name = "leaders", mixinStandardHelpOptions = true,
        description = "Partition leadership, over the admin API (--admin).",
        subcommands = {LeadersCommand.ElectPreferred.class})
final class LeadersCommand implements Runnable {
    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: elect-preferred");
    }

    @Command(name = "elect-preferred", mixinStandardHelpOptions = true,
            description = "Hand each partition's lead to its preferred replica (the first listed) where that "
                    + "replica is live and in sync; prints the partitions whose leader changed.")
    static final class ElectPreferred implements Runnable {
        @ParentCommand
        LeadersCommand leaders;
        @Spec
        CommandSpec spec;
        @Option(names = "--topics", paramLabel = "TOPIC", split = ",",
                description = "Only these topics (default: all), comma-separated.")
        List<String> topics;

        @Override
        public void run() {
            ObjectNode body = AdminApi.body();
            if (topics != null) {
                ArrayNode names = body.putArray("topic_names");
                topics.forEach(names::add);
            }
            JsonNode elected = leaders.root.admin().post("/api/v1/leaders/preferred", body).path("elected");
            PrintWriter out = spec.commandLine().getOut();
            if (elected.isEmpty()) {
                out.println("Nothing elected: every partition is led by its preferred replica, or that replica is "
                        + "not live and in sync.");
            }
            for (JsonNode json : elected) {
                PartitionPlacement p = AdminApi.read(json, PartitionPlacement.class);
                out.println(p.topic() + "-" + p.partition() + ": leader " + p.leader() + " (epoch " + p.leaderEpoch()
                        + ")");
            }
            out.flush();
        }
    }
}
