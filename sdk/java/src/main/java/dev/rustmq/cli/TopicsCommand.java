package dev.rustmq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.ListTopicsResponse;
import dev.rustmq.protocol.message.MetadataResponse;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "topics", description = "Create, list, describe and delete topics (--bootstrap); alter a topic's "
        + "replication factor (admin API, --admin).", mixinStandardHelpOptions = true,
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class,
                TopicsCommand.Alter.class, TopicsCommand.Delete.class})
final class TopicsCommand implements Runnable {
    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create, list, describe, alter or delete");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a topic.")
    static final class Create implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--partitions", required = true, description = "Number of partitions.")
        int partitions;
        @Option(names = "--replication-factor", defaultValue = "-1",
                description = "Replicas per partition (default: the cluster default).")
        int replicationFactor;

        @Override
        public void run() {
            try (RustMqClient client = topics.root.connect()) {
                client.createTopic(name, partitions, replicationFactor);
            } catch (RustMqClientException e) {
                if (e.errorCode() == ErrorCode.TOPIC_ALREADY_EXISTS) {
                    throw new CliException(CliException.FAILED, "topic '" + name + "' already exists", e);
                }
                throw e;
            }
            spec.commandLine().getOut().println("Created topic " + name + " with " + partitions + " partition"
                    + (partitions == 1 ? "" : "s") + ".");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List topics.")
    static final class ListTopics implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            List<ListTopicsResponse.Topic> list;
            try (RustMqClient client = topics.root.connect()) {
                list = client.listTopics();
            }
            PrintWriter out = spec.commandLine().getOut();
            list.stream().sorted(Comparator.comparing(ListTopicsResponse.Topic::name))
                    .forEach(t -> out.println(t.name() + "\t" + t.partitionCount()));
            out.flush();
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show partitions, leaders, replicas, ISR and offsets of a topic.")
    static final class Describe implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (RustMqClient client = topics.root.connect()) {
                MetadataResponse.Topic topic = RustMqCommand.topic(client, name);
                out.println("Topic: " + name + "\tPartitions: " + topic.partitions().size());
                for (MetadataResponse.Partition p : topic.partitions().stream()
                        .sorted(Comparator.comparingInt(MetadataResponse.Partition::partition)).toList()) {
                    String offsets;
                    try {
                        long start = client.listOffsets(name, p.partition(), OffsetSpec.EARLIEST);
                        long end = client.listOffsets(name, p.partition(), OffsetSpec.LATEST);
                        offsets = "StartOffset: " + start + "\tEndOffset: " + end;
                    } catch (RustMqClientException e) {
                        offsets = "Offsets: unavailable (" + e.errorCode() + ")";
                    }
                    out.println("\tPartition: " + p.partition() + "\tLeader: " + p.leaderId() + "\tEpoch: "
                            + p.leaderEpoch() + "\tReplicas: " + join(p.replicas()) + "\tIsr: " + join(p.isr())
                            + "\t" + offsets + (p.errorCode() == ErrorCode.NONE ? "" : "\tError: " + p.errorCode()));
                }
            }
            out.flush();
        }

        private static String join(List<Integer> ids) {
            return String.join(",", ids.stream().map(String::valueOf).toList());
        }
    }

    @Command(name = "alter", mixinStandardHelpOptions = true,
            description = "Change a topic's replication factor, over the admin API (--admin): its partitions move "
                    + "to gain or shed replicas.")
    static final class Alter implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--replication-factor", paramLabel = "N", required = true,
                description = "Replicas per partition; at most the number of live brokers.")
        int replicationFactor;

        /** The parts of the topic's JSON the command reports on. */
        record AlteredTopic(int replicationFactor, List<PartitionPlacement> partitions) {
            AlteredTopic {
                partitions = partitions == null ? List.of() : List.copyOf(partitions);
            }
        }

        @Override
        public void run() {
            ObjectNode body = AdminApi.body().put("replication_factor", replicationFactor);
            AlteredTopic topic = AdminApi.read(topics.root.admin().put("/api/v1/topics/" + AdminApi.segment(name), body),
                    AlteredTopic.class);
            long moving = topic.partitions().stream().filter(PartitionPlacement::moving).count();
            spec.commandLine().getOut().println("Topic " + name + ": replication factor " + topic.replicationFactor()
                    + "; " + (moving == 0 ? "nothing to move."
                    : moving + " of " + topic.partitions().size() + " partitions moving (rustmq partitions "
                            + "list-reassignments shows them until they are done)."));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a topic and its data.")
    static final class Delete implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            try (RustMqClient client = topics.root.connect()) {
                client.deleteTopic(name);
            } catch (RustMqClientException e) {
                if (e.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw CliException.unknownTopic(name);
                }
                throw e;
            }
            spec.commandLine().getOut().println("Deleted topic " + name + ".");
        }
    }
}
