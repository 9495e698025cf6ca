package dev.rustmq.cli;

import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.message.MetadataResponse;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print the values of a topic's records, one per line.")
final class ConsumeCommand implements Runnable {
    static final int FETCH_BYTES = 1 << 20;

    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;

    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the earliest offset (default: the latest).")
        boolean fromBeginning;
        @Option(names = "--offset", description = "Start at this offset (in every partition read).")
        Long offset;
        @Option(names = "--from-time", paramLabel = "TIME", converter = TimeConverter.class,
                description = "Start at the first record at or after TIME: an ISO-8601 instant "
                        + "(2026-11-26T08:00:00Z) or milliseconds since the epoch.")
        Long fromTime;
    }

    @ArgGroup(exclusive = true)
    Start start = new Start();
    @Option(names = "--partition", description = "Read only this partition (default: all, in partition order).")
    Integer partition;
    @Option(names = "--max-messages", defaultValue = "-1", description = "Stop after this many records.")
    long maxMessages;
    @Option(names = "--timeout-ms", defaultValue = "-1",
            description = "Stop after this long without new records (default: never).")
    long timeoutMs;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (RustMqClient client = root.connect()) {
            MetadataResponse.Topic t = RustMqCommand.topic(client, topic);
            List<Integer> partitions = new ArrayList<>();
            for (MetadataResponse.Partition p : t.partitions()) {
                partitions.add(p.partition());
            }
            partitions.sort(null);
            if (partition != null) {
                if (!partitions.contains(partition)) {
                    throw new CliException(CliException.FAILED, "--partition " + partition + ": topic '" + topic
                            + "' has " + partitions.size() + " partitions");
                }
                partitions = List.of(partition);
            }
            long[] offsets = new long[partitions.size()];
            long[] ends = new long[partitions.size()];
            for (int i = 0; i < offsets.length; i++) {
                int p = partitions.get(i);
                ends[i] = client.listOffsets(topic, p, OffsetSpec.LATEST);
                offsets[i] = startOffset(client, p, ends[i]);
            }
            long printed = 0;
            // First what is there now, partition by partition.
            for (int i = 0; i < offsets.length && !done(printed); i++) {
                while (offsets[i] < ends[i] && !done(printed)) {
                    FetchResponse r = client.fetch(new FetchRequest(topic, partitions.get(i), offsets[i], FETCH_BYTES, 0));
                    if (r.records().isEmpty()) {
                        break;
                    }
                    printed = print(out, r, printed);
                    offsets[i] = r.nextOffset();
                }
            }
            // Then new records as they come, all partitions long-polled at once.
            long lastData = System.nanoTime();
            while (!done(printed)) {
                long idleMs = (System.nanoTime() - lastData) / 1_000_000;
                if (timeoutMs >= 0 && idleMs >= timeoutMs) {
                    break;
                }
                int poll = (int) (timeoutMs < 0 ? 500 : Math.max(1, Math.min(500, timeoutMs - idleMs)));
                List<CompletableFuture<FetchResponse>> fetches = new ArrayList<>();
                for (int i = 0; i < offsets.length; i++) {
                    fetches.add(client.fetchAsync(new FetchRequest(topic, partitions.get(i), offsets[i], FETCH_BYTES, poll)));
                }
                for (int i = 0; i < offsets.length; i++) {
                    FetchResponse r = fetches.get(i).join();
                    if (!r.records().isEmpty() && !done(printed)) {
                        printed = print(out, r, printed);
                        offsets[i] = r.nextOffset();
                        lastData = System.nanoTime();
                    }
                }
                out.flush();
            }
        } finally {
            out.flush();
        }
    }

    private long startOffset(RustMqClient client, int p, long latest) {
        if (start.offset != null) {
            return start.offset;
        }
        if (start.fromTime != null) {
            long found = client.listOffsets(topic, p, OffsetSpec.timestamp(start.fromTime));
            return found < 0 ? latest : found; // nothing that late yet: wait for new records
        }
        return start.fromBeginning ? client.listOffsets(topic, p, OffsetSpec.EARLIEST) : latest;
    }

    private boolean done(long printed) {
        return maxMessages >= 0 && printed >= maxMessages;
    }

    private long print(PrintWriter out, FetchResponse r, long printed) {
        for (ConsumedRecord record : r.records()) {
            if (done(printed)) {
                break;
            }
            byte[] value = record.value();
            out.print(value == null ? "" : new String(value, StandardCharsets.UTF_8));
            out.print('\n');
            printed++;
        }
        return printed;
    }
}
