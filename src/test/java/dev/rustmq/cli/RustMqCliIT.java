package dev.rustmq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.rustmq.cli.CliRunner.Result;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustMqCliIT {
    @TempDir
    static Path dataDir;
    static TestNode node;
    static String bootstrap;


    @BeforeAll
    static void startNode() {
        node = new TestNode(dataDir, Map.of());
        bootstrap = "127.0.0.1:" + node.address.getPort();
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        node.close();
    }

    static Result run(InputStream in, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--bootstrap")) {
            all.add("--bootstrap");
            all.add(bootstrap);
        }
        return CliRunner.run(in, all.toArray(String[]::new));
    }

    static Result run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void topicsCreateListDescribeDelete() {
        assertThat(run("topics", "create", "t-admin", "--partitions", "3", "--replication-factor", "1").exitCode())
                .isZero();
        assertThat(run("topics", "list").out()).contains("t-admin\t3");
        Result describe = run("topics", "describe", "t-admin");
        assertThat(describe.exitCode()).isZero();
        assertThat(describe.out()).contains("Topic: t-admin\tPartitions: 3").contains("Partition: 2")
                .contains("Leader:").contains("Replicas:").contains("Isr:").contains("EndOffset: 0");
        Result again = run("topics", "create", "t-admin", "--partitions", "3");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(run("topics", "delete", "t-admin").exitCode()).isZero();
        assertThat(run("topics", "list").out()).doesNotContain("t-admin");
    }

    @Test
    void tenThousandLinesComeBackByteIdenticalInOrderPerPartition() {
        assertThat(run("topics", "create", "t-lines", "--partitions", "3").exitCode()).isZero();
        StringBuilder input = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String line = "line " + i + " é ✓ " + "x".repeat(i % 50);
            lines.add(line);
            input.append(line).append('\n');
        }
        Result produced = run(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)),
                "produce", "t-lines", "--acks", "all");
        assertThat(produced.exitCode()).as(produced.err()).isZero();

        Result consumed = run("consume", "t-lines", "--from-beginning", "--max-messages", "10000", "--timeout-ms", "5000");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        List<String> got = List.of(consumed.out().split("\n", -1)).subList(0, 10_000);
        assertThat(consumed.out()).endsWith("\n");
        assertThat(got).containsExactlyInAnyOrderElementsOf(lines);
        // Within each partition the lines keep their order: the input index rises within every run of a partition.
        int total = 0;
        for (int p = 0; p < 3; p++) {
            Result one = run("consume", "t-lines", "--partition", String.valueOf(p), "--from-beginning",
                    "--timeout-ms", "300");
            assertThat(one.exitCode()).isZero();
            List<Integer> indexes = one.out().lines().map(l -> Integer.parseInt(l.split(" ")[1])).toList();
            assertThat(indexes).isSorted();
            total += indexes.size();
        }
        assertThat(total).isEqualTo(10_000);
    }

    @Test
    void keyedProduceGoesToOnePartitionAndLatestConsumeSeesNothingOld() {
        assertThat(run("topics", "create", "t-keyed", "--partitions", "4").exitCode()).isZero();
        Result produced = run(new ByteArrayInputStream("a\nb\r\nc".getBytes(StandardCharsets.UTF_8)),
                "produce", "t-keyed", "--key", "k1", "--acks", "leader");
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        int p = ProduceCommand.partitionForKey("k1".getBytes(StandardCharsets.UTF_8), 4);
        assertThat(run("consume", "t-keyed", "--partition", String.valueOf(p), "--offset", "0", "--timeout-ms", "200")
                .out()).isEqualTo("a\nb\nc\n");
        assertThat(run("consume", "t-keyed", "--timeout-ms", "200").out()).isEmpty();
    }

    @Test
    void consumeFromTimeStartsAtTheFirstRecordProducedAfterIt() {
        assertThat(run("topics", "create", "t-time", "--partitions", "1").exitCode()).isZero();
        assertThat(run(new ByteArrayInputStream("old1\nold2\n".getBytes(StandardCharsets.UTF_8)),
                "produce", "t-time").exitCode()).isZero();
        long afterOld = System.currentTimeMillis();
        // The new records must carry a later millisecond than every old one.
        await().until(() -> System.currentTimeMillis() > afterOld);
        assertThat(run(new ByteArrayInputStream("new1\nnew2\n".getBytes(StandardCharsets.UTF_8)),
                "produce", "t-time").exitCode()).isZero();

        String from = String.valueOf(afterOld + 1);
        assertThat(run("consume", "t-time", "--from-time", from, "--timeout-ms", "200").out())
                .isEqualTo("new1\nnew2\n");
        assertThat(run("consume", "t-time", "--from-time", Instant.ofEpochMilli(afterOld + 1).toString(),
                "--timeout-ms", "200").out()).isEqualTo("new1\nnew2\n");
        assertThat(run("consume", "t-time", "--from-time", "0", "--timeout-ms", "200").out())
                .isEqualTo("old1\nold2\nnew1\nnew2\n");

        Result bad = run("consume", "t-time", "--from-time", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'yesterday' is not a time");
    }

    @Test
    void aLineTheBrokerRefusesFailsTheProduceWithHowManyLinesMadeIt() {
        try (RustMqClient client = RustMqClient.connect("tcp://" + bootstrap)) {
            client.createTopic("t-small", 1, 1, Map.of("max_message_bytes", "1024"));
        }
        String input = "short\n" + "x".repeat(2_000) + "\nshort again\n";
        Result r = run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "produce", "t-small",
                "--producer-property", "linger.ms=0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("produce to 't-small' failed:").contains("lines read were acknowledged")
                .contains("RECORD_TOO_LARGE").doesNotContain("\tat ");
    }

    @Test
    void badProducerSettingsAreUsageErrorsNamingTheKey() {
        assertThat(run("topics", "create", "t-settings", "--partitions", "1").exitCode()).isZero();
        Result produce = run(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), "produce",
                "t-settings", "--producer-property", "linger.ms=soon");
        assertThat(produce.exitCode()).isEqualTo(2);
        assertThat(produce.err()).contains("linger.ms: 'soon' is not a whole number");
        Result perf = run("perf", "produce", "--topic", "t-settings", "--num-records", "10", "--record-size", "10",
                "--throughput", "-1", "--producer-props", "acks=1", "partitioner.class=x.Y");
        assertThat(perf.exitCode()).isEqualTo(2);
        assertThat(perf.err()).contains("--producer-props").contains("unknown producer property 'partitioner.class'");
        Result bootstrapProp = run("perf", "produce", "--topic", "t-settings", "--num-records", "10", "--record-size",
                "10", "--throughput", "-1", "--producer-props", "bootstrap.servers=elsewhere:9092");
        assertThat(bootstrapProp.exitCode()).isEqualTo(2);
        assertThat(bootstrapProp.err()).contains("--bootstrap");
    }

    @Test
    void perfProduceTakesKafkaProducerPropsAndAConfigFile(@TempDir Path tmp) throws Exception {
        assertThat(run("topics", "create", "t-perf-props", "--partitions", "3").exitCode()).isZero();
        Path config = tmp.resolve("producer.properties");
        Files.writeString(config, "# as for Kafka\nlinger.ms=1\ncompression.type=lz4\nbatch.size=1024\n");
        Result r = run("perf", "produce", "--topic", "t-perf-props", "--num-records", "3000", "--record-size", "50",
                "--throughput", "-1", "--producer.config", config.toString(), "--producer-props", "acks=1",
                "max.in.flight.requests.per.connection=2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().reduce((a, b) -> b).orElseThrow()).startsWith("3000 records sent, ");
        Result consumed = run("perf", "consume", "--topic", "t-perf-props", "--num-records", "3000");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
    }

    @Test
    void unknownTopicIsActionable() {
        Result r = run(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), "produce", "nope");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("topic 'nope' does not exist; create it with: rustmq topics create nope --partitions N")
                .doesNotContain("at dev.rustmq");
        assertThat(run("consume", "nope", "--timeout-ms", "10").exitCode()).isEqualTo(4);
        assertThat(run("topics", "describe", "nope").exitCode()).isEqualTo(4);
    }

    @Test
    void unreachableBrokerIsActionable() {
        int port = TestNode.freePort();
        Result r = run("topics", "list", "--bootstrap", "127.0.0.1:" + port);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach the broker at 127.0.0.1:" + port
                + ": connection refused — is it running? (--bootstrap)").doesNotContain("\tat ");
        Result verbose = run("topics", "list", "--bootstrap", "tcp://127.0.0.1:" + port, "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(3);
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void perfProduceAndConsumePrintKafkaShapedLines() {
        assertThat(run("topics", "create", "t-perf", "--partitions", "2").exitCode()).isZero();
        Result produce = run("perf", "produce", "--topic", "t-perf", "--num-records", "2000", "--record-size", "100",
                "--throughput", "-1", "--acks", "all", "--warmup-records", "100");
        assertThat(produce.exitCode()).as(produce.err()).isZero();
        String last = produce.out().lines().reduce((a, b) -> b).orElseThrow();
        // The final line counts the measured records only, as Kafka's does after --warmup-records.
        assertThat(last).matches("1900 records sent, [0-9.]+ "
                + "records/sec \\([0-9.]+ MB/sec\\), [0-9.]+ ms avg latency, [0-9.]+ ms max latency, [0-9.]+ ms 50th, "
                + "[0-9.]+ ms 95th, [0-9.]+ ms 99th, [0-9.]+ ms 99.9th\\.");
        double recordsPerSecond = Double.parseDouble(last.split(" ")[3]);
        double mbPerSecond = Double.parseDouble(last.split("\\(")[1].split(" ")[0]);
        assertThat(mbPerSecond).isCloseTo(recordsPerSecond * 100 / (1024 * 1024), within(0.01 + mbPerSecond / 100));
        Result throttled = run("perf", "produce", "--topic", "t-perf", "--num-records", "200", "--record-size", "10",
                "--throughput", "1000", "--acks", "all", "--reporting-interval-ms", "50");
        assertThat(throttled.exitCode()).as(throttled.err()).isZero();
        assertThat(throttled.out()).containsPattern("\\d+ records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), "
                + "[0-9.]+ ms avg latency, [0-9.]+ ms max latency\\.\n");

        Result consume = run("perf", "consume", "--topic", "t-perf", "--num-records", "2200");
        assertThat(consume.exitCode()).as(consume.err()).isZero();
        List<String> out = consume.out().lines().toList();
        assertThat(out.get(0)).isEqualTo("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
                + "nMsg.sec, fetch.time.ms");
        assertThat(out.get(1)).matches("[0-9-]+ [0-9:]+, [0-9-]+ [0-9:]+, [0-9.]+, [0-9.]+, 2200, [0-9.]+, \\d+");
    }
}
