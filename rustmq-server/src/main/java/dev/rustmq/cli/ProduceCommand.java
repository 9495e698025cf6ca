package dev.rustmq.cli;

import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send stdin to a topic, one record per line (the line without its \\n or \\r\\n).")
final class ProduceCommand implements Runnable {
    static final int MAX_BATCH_BYTES = 1 << 20;
    static final int MAX_BATCH_RECORDS = 1000;
    static final int MAX_IN_FLIGHT = 32;

    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;
    @Option(names = "--acks", defaultValue = "all", converter = AcksConverter.class,
            description = "all, leader or none (also -1, 1, 0). Default: ${DEFAULT-VALUE}.")
    Acks acks;
    @Option(names = "--key", description = "Key of every record; picks the partition by a stable hash.")
    String key;
    @Option(names = "--partition", description = "Send every record to this partition.")
    Integer partition;
    @Option(names = "--timeout-ms", defaultValue = "30000", description = "How long the broker may wait for acks.")
    int timeoutMs;

    @Override
    public void run() {
        try (RustMqClient client = root.connect()) {
            int partitions = RustMqCommand.topic(client, topic).partitions().size();
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            Integer fixed = partition;
            if (fixed != null && (fixed < 0 || fixed >= partitions)) {
                throw new CliException(CliException.FAILED, "--partition " + fixed + ": topic '" + topic + "' has "
                        + partitions + " partitions (0.." + (partitions - 1) + ")");
            }
            if (fixed == null && keyBytes != null) {
                fixed = partitionForKey(keyBytes, partitions);
            }
            int maxBatchBytes = Math.max(1024, Math.min(MAX_BATCH_BYTES, client.brokerMaxFrameBytes() - 64 * 1024));
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong acked = new AtomicLong();
            List<CompletableFuture<?>> pending = new ArrayList<>();
            long lines = 0;
            int next = 0;
            LineReader reader = new LineReader(root.stdin());
            List<Record> batch = new ArrayList<>();
            int batchBytes = 0;
            byte[] line;
            while (failure.get() == null) {
                line = reader.next();
                if (line != null) {
                    lines++;
                    batch.add(new Record(System.currentTimeMillis(), keyBytes, line, List.of()));
                    batchBytes += line.length + 32 + (keyBytes == null ? 0 : keyBytes.length);
                }
                boolean full = batch.size() >= MAX_BATCH_RECORDS || batchBytes >= maxBatchBytes;
                if (!batch.isEmpty() && (full || line == null || !reader.ready())) {
                    int p = fixed != null ? fixed : next++ % partitions;
                    int count = batch.size();
                    inFlight.acquireUninterruptibly();
                    CompletableFuture<?> f = client.produceAsync(new ProduceRequest(topic, p, batch, acks, timeoutMs))
                            .whenComplete((r, e) -> {
                                inFlight.release();
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else {
                                    acked.addAndGet(count);
                                }
                            });
                    pending.add(f);
                    pending.removeIf(CompletableFuture::isDone);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
                if (line == null) {
                    break;
                }
            }
            for (CompletableFuture<?> f : pending) {
                f.exceptionally(e -> null).join();
            }
            Throwable e = failure.get();
            if (e != null) {
                CliException c = RustMqCommand.translate(e, root.bootstrapUrl());
                throw new CliException(c.exitCode(), "produce to '" + topic + "' failed: " + acked.get() + " of "
                        + lines + " lines read were acknowledged" + (lines > acked.get() ? "; the rest may or may not "
                        + "have been written" : "") + ": " + c.getMessage(), e);
            }
            spec.commandLine().getErr().flush();
        }
    }

    /** A stable partition for a key: {@link Arrays#hashCode(byte[])} (specified, so the same everywhere). */
    static int partitionForKey(byte[] key, int partitions) {
        return (Arrays.hashCode(key) & 0x7fffffff) % partitions;
    }

    static final class AcksConverter implements ITypeConverter<Acks> {
        @Override
        public Acks convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "all", "-1" -> Acks.ALL;
                case "leader", "1" -> Acks.LEADER;
                case "none", "0" -> Acks.NONE;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not one of all, leader, none");
            };
        }
    }

    /** Lines as raw bytes (no charset round trip), without the trailing \n or \r\n. */
    static final class LineReader {
        private final BufferedInputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

        LineReader(InputStream in) {
            this.in = new BufferedInputStream(in, 1 << 16);
        }

        byte[] next() {
            try {
                buffer.reset();
                int b;
                while ((b = in.read()) != -1) {
                    if (b == '\n') {
                        return strip();
                    }
                    buffer.write(b);
                }
                return buffer.size() == 0 ? null : strip();
            } catch (IOException e) {
                throw new UncheckedIOException("reading stdin", e);
            }
        }

        /** Whether more input can be read without blocking (so a batch can wait for it). */
        boolean ready() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                return false;
            }
        }

        private byte[] strip() {
            byte[] bytes = buffer.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                return Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        }
    }
}
