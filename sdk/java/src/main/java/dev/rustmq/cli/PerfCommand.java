package dev.rustmq.cli;

import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.OffsetSpec;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.protocol.message.Acks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "perf", mixinStandardHelpOptions = true, description = "Producer and consumer performance tests.",
        subcommands = {PerfCommand.Produce.class, PerfCommand.Consume.class})
final class PerfCommand implements Runnable {
    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: produce or consume");
    }

    @Command(name = "produce", mixinStandardHelpOptions = true,
            description = "Like Kafka's kafka-producer-perf-test.sh, through the batching producer.")
    static final class Produce implements Runnable {
        @ParentCommand
        PerfCommand perf;
        @Spec
        CommandSpec spec;
        @Option(names = "--topic", required = true)
        String topic;
        @Option(names = "--num-records", required = true)
        long numRecords;
        @Option(names = "--record-size", required = true, description = "Value size in bytes.")
        int recordSize;
        @Option(names = "--throughput", required = true, description = "Records per second; -1 for no limit.")
        double throughput;
        @Option(names = "--producer-props", arity = "1..*", paramLabel = "KEY=VALUE",
                description = "Producer settings with their Kafka names: acks, linger.ms, batch.size, "
                        + "max.in.flight.requests.per.connection, compression.type, buffer.memory, ...")
        Map<String, String> producerProps;
        @Option(names = "--producer.config", paramLabel = "FILE",
                description = "A properties file of producer settings; --producer-props override it.")
        Path producerConfig;
        @Option(names = "--acks", converter = ProduceCommand.AcksConverter.class,
                description = "Shorthand for --producer-props acks=...; default all.")
        Acks acks;
        @Option(names = "--warmup-records", defaultValue = "0",
                description = "Leave the first W records out of the final statistics.")
        long warmupRecords;
        @Option(names = "--batch-size", description = "Shorthand for --producer-props batch.size=...; default 16384.")
        Integer batchSize;
        @Option(names = "--max-in-flight",
                description = "Shorthand for --producer-props max.in.flight.requests.per.connection=...; default 5.")
        Integer maxInFlight;
        @Option(names = "--reporting-interval-ms", defaultValue = "5000", hidden = true)
        long reportingIntervalMs;

        /** Latencies in microseconds; written on the producer's sender thread, read by the main thread. */
        private final Histogram window = new Histogram(3_600_000_000L, 3);
        private final Histogram total = new Histogram(3_600_000_000L, 3);
        private long windowCount;
        private long windowBytes;
        private long totalCount;
        private long totalBytes;

        @Override
        public void run() {
            if (numRecords <= 0 || recordSize < 0) {
                throw new CliException(2, "--num-records must be > 0 and --record-size >= 0");
            }
            Map<String, String> options = new HashMap<>();
            options.put(ProducerConfig.ACKS, acks == null ? null : Byte.toString(acks.wireValue()));
            options.put(ProducerConfig.BATCH_SIZE, batchSize == null ? null : batchSize.toString());
            options.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                    maxInFlight == null ? null : maxInFlight.toString());
            ProducerConfig config = ProducerSettings.resolve(producerConfig, "--producer.config", producerProps,
                    "--producer-props", options);
            PrintWriter out = spec.commandLine().getOut();
            byte[] payload = new byte[recordSize];
            Random random = new Random(42);
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) ('A' + random.nextInt(26));
            }
            try (RustMqClient client = perf.root.connect()) {
                RustMqCommand.topic(client, topic);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                long start = System.nanoTime();
                long windowStart = start;
                long nextReport = start + reportingIntervalMs * 1_000_000;
                long sent = 0;
                // Rates are over the measured records only: from the first one sent after the warm-up.
                long measuredStart = start;
                try (Producer producer = new Producer(client, config)) {
                    while (sent < numRecords && failure.get() == null) {
                        if (throughput > 0) {
                            // Pace: record n is due n / throughput seconds after the start.
                            long due = start + (long) (sent * 1e9 / throughput);
                            long now = System.nanoTime();
                            if (due > now) {
                                LockSupport.parkNanos(due - now);
                            }
                        }
                        long index = sent;
                        long sendNanos = System.nanoTime();
                        if (index == warmupRecords) {
                            measuredStart = sendNanos;
                        }
                        producer.send(new ProducerRecord(topic, payload)).whenComplete((m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                completed(index, (System.nanoTime() - sendNanos) / 1000);
                            }
                        });
                        sent++;
                        long now = System.nanoTime();
                        if (now >= nextReport) {
                            report(out, now - windowStart);
                            windowStart = now;
                            nextReport = now + reportingIntervalMs * 1_000_000;
                        }
                    }
                    producer.flush();
                }
                if (failure.get() != null) {
                    CliException c = RustMqCommand.translate(failure.get(), perf.root.bootstrapUrl());
                    throw new CliException(c.exitCode(), "perf produce failed after " + sent + " records sent: "
                            + c.getMessage(), failure.get());
                }
                long elapsed = System.nanoTime() - (warmupRecords < numRecords ? measuredStart : start);
                synchronized (this) {
                    double seconds = elapsed / 1e9;
                    if (warmupRecords > 0) {
                        out.printf(Locale.ROOT, "(final statistics leave out the first %d warm-up records)%n",
                                Math.min(warmupRecords, numRecords));
                    }
                    long counted = totalCount;
                    out.printf(Locale.ROOT, "%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, "
                            + "%.2f ms max latency, %.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.%n",
                            counted, counted / seconds, totalBytes / seconds / (1024 * 1024),
                            counted == 0 ? 0.0 : total.getMean() / 1000, total.getMaxValue() / 1000.0,
                            total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(95) / 1000.0,
                            total.getValueAtPercentile(99) / 1000.0, total.getValueAtPercentile(99.9) / 1000.0);
                }
                out.flush();
            }
        }

        /** One record acknowledged {@code latencyMicros} after its send. */
        private synchronized void completed(long index, long latencyMicros) {
            long latency = Math.max(0, latencyMicros);
            window.recordValue(latency);
            windowCount++;
            windowBytes += recordSize;
            if (index >= warmupRecords) {
                total.recordValue(latency);
                totalCount++;
                totalBytes += recordSize;
            }
        }

        private synchronized void report(PrintWriter out, long elapsedNanos) {
            double seconds = elapsedNanos / 1e9;
            out.printf(Locale.ROOT, "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, "
                    + "%.1f ms max latency.%n", windowCount, windowCount / seconds,
                    windowBytes / seconds / (1024 * 1024), windowCount == 0 ? 0.0 : window.getMean() / 1000,
                    window.getMaxValue() / 1000.0);
            out.flush();
            window.reset();
            windowCount = 0;
            windowBytes = 0;
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true,
            description = "Like Kafka's kafka-consumer-perf-test.sh: read from the earliest offsets.")
    static final class Consume implements Runnable {
        @ParentCommand
        PerfCommand perf;
        @Spec
        CommandSpec spec;
        @Option(names = "--topic", required = true)
        String topic;
        @Option(names = {"--num-records", "--messages"}, required = true)
        long numRecords;
        @Option(names = "--fetch-size", defaultValue = "1048576")
        int fetchSize;
        @Option(names = "--timeout-ms", defaultValue = "10000", description = "Give up after this long without data.")
        long timeoutMs;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (RustMqClient client = perf.root.connect()) {
                int partitions = RustMqCommand.topic(client, topic).partitions().size();
                long[] offsets = new long[partitions];
                for (int p = 0; p < partitions; p++) {
                    offsets[p] = client.listOffsets(topic, p, OffsetSpec.EARLIEST);
                }
                long startMs = System.currentTimeMillis();
                long start = System.nanoTime();
                long lastData = start;
                long records = 0;
                long bytes = 0;
                while (records < numRecords) {
                    if ((System.nanoTime() - lastData) / 1_000_000 >= timeoutMs) {
                        throw new CliException(CliException.FAILED, "perf consume: only " + records + " of " + numRecords
                                + " records arrived within --timeout-ms " + timeoutMs);
                    }
                    List<CompletableFuture<FetchResponse>> fetches = new ArrayList<>();
                    for (int p = 0; p < partitions; p++) {
                        fetches.add(client.fetchAsync(new FetchRequest(topic, p, offsets[p], fetchSize, 100)));
                    }
                    for (int p = 0; p < partitions; p++) {
                        FetchResponse r = fetches.get(p).join();
                        for (var record : r.records()) {
                            records++;
                            bytes += record.value() == null ? 0 : record.value().length;
                            bytes += record.key() == null ? 0 : record.key().length;
                        }
                        if (!r.records().isEmpty()) {
                            offsets[p] = r.nextOffset();
                            lastData = System.nanoTime();
                        }
                    }
                }
                long elapsedMs = Math.max(1, (System.nanoTime() - start) / 1_000_000);
                long endMs = System.currentTimeMillis();
                double mb = bytes / (1024.0 * 1024);
                double seconds = elapsedMs / 1000.0;
                SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS", Locale.ROOT);
                out.println("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
                        + "fetch.time.ms");
                out.printf(Locale.ROOT, "%s, %s, %.4f, %.4f, %d, %.4f, %d%n", fmt.format(new Date(startMs)),
                        fmt.format(new Date(endMs)), mb, mb / seconds, records, records / seconds, elapsedMs);
                out.flush();
            }
        }
    }
}
