package dev.rustmq.cli;

import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.producer.KeyPartitioner;
import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.protocol.message.Acks;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
    @ParentCommand
    RustMqCommand root;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;
    @Option(names = "--acks", converter = AcksConverter.class,
            description = "all, leader or none (also -1, 1, 0). Default: all.")
    Acks acks;
    @Option(names = "--key", description = "Key of every record; picks the partition as Kafka does (murmur2).")
    String key;
    @Option(names = "--partition", description = "Send every record to this partition.")
    Integer partition;
    @Option(names = "--timeout-ms", description = "How long the broker may wait for acks (request.timeout.ms). "
            + "Default: 30000.")
    Integer timeoutMs;
    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "A producer setting with its Kafka name (linger.ms, batch.size, retries, "
                    + "delivery.timeout.ms, compression.type, ...); repeatable.")
    Map<String, String> producerProperties;

    @Override
    public void run() {
        try (RustMqClient client = root.connect()) {
            int partitions = RustMqCommand.topic(client, topic).partitions().size();
            if (partition != null && (partition < 0 || partition >= partitions)) {
                throw new CliException(CliException.FAILED, "--partition " + partition + ": topic '" + topic + "' has "
                        + partitions + " partitions (0.." + (partitions - 1) + ")");
            }
            Map<String, String> options = new HashMap<>();
            options.put(ProducerConfig.ACKS, acks == null ? null : Byte.toString(acks.wireValue()));
            options.put(ProducerConfig.REQUEST_TIMEOUT_MS, timeoutMs == null ? null : timeoutMs.toString());
            ProducerConfig config = ProducerSettings.resolve(null, null, producerProperties, "--producer-property",
                    options);
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong acked = new AtomicLong();
            long lines = 0;
            try (Producer producer = new Producer(client, config)) {
                LineReader reader = new LineReader(root.stdin());
                byte[] line;
                // The producer batches (linger.ms), keeps each partition's lines in input order and retries;
                // after the first failure nothing more is read.
                while (failure.get() == null && (line = reader.next()) != null) {
                    lines++;
                    producer.send(new ProducerRecord(topic, partition, keyBytes, line)).whenComplete((m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acked.incrementAndGet();
                        }
                    });
                }
                producer.flush();
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

    /** The partition a key's records go to: Kafka's default partitioner (murmur2), see {@link KeyPartitioner}. */
    static int partitionForKey(byte[] key, int partitions) {
        return KeyPartitioner.partition(key, partitions);
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

        private byte[] strip() {
            byte[] bytes = buffer.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                return Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        }
    }
}
