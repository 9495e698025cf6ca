package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/rustmq} as a user runs it, against a real server: lines piped into {@code produce}
 * come back from {@code consume}, per partition, each exactly once, byte-identical and in order.
 */
class CliRoundTripIT {
    /** Code points the lines are made of: ASCII, 2-, 3- and 4-byte UTF-8, a tab and a lone CR. */
    private static final String[] ALPHABET = {"a", "b", "Z", "0", " ", "~", "\t", "\r", "é", "ß", "Ж", "✓", "€", "漢",
        "字", "😀", "🦀"};

    @TempDir
    static Path work;
    static LibertyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LibertyServer.create("cli").start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void hundredThousandLinesOverTcpComeBackExactlyOnceByteIdenticalAndInOrder() throws Exception {
        // LC_ALL=C: the bytes must not depend on the locale (Java 17 would print ASCII there by default).
        roundTrip("lines-tcp", 4, 100_000, List.of("--bootstrap", "127.0.0.1:" + server.dataPort()),
                Map.of("LC_ALL", "C", "LANG", "C"));
    }

    @Test
    void linesOverQuicWithTlsInsecureAndTheBootstrapFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("RUSTMQ_BOOTSTRAP", "quic://127.0.0.1:" + server.dataPort());
        List<Command.Result> runs = roundTrip("lines-quic", 2, 10_000, List.of("--tls-insecure"), env);
        assertThat(runs).allSatisfy(r -> assertThat(r.stderr()).contains("rustmq: warning: --tls-insecure"));
        // Without a trust option the broker's generated certificate is refused, and the message says what to do.
        Command.Result refused = Command.rustmq(List.of("topics", "list")).env("RUSTMQ_BOOTSTRAP",
                env.get("RUSTMQ_BOOTSTRAP")).run(work);
        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(5);
        assertThat(refused.stderr()).contains("TLS handshake with the broker at quic://127.0.0.1:")
                .contains("--tls-insecure").contains("--tls-trust-cert");
    }

    /** Creates the topic, produces {@code count} lines, reads every partition back and checks them; returns the runs. */
    private List<Command.Result> roundTrip(String topic, int partitions, int count, List<String> connect,
            Map<String, String> env) throws Exception {
        List<Command.Result> runs = new ArrayList<>();
        Command.Result created = run(env, connect, runs, "topics", "create", topic, "--partitions",
                String.valueOf(partitions));
        assertThat(created.exitCode()).as(created.describe()).isZero();

        List<byte[]> lines = lines(count, new Random(topic.hashCode()));
        Command.Result produced = run(env, connect, runs, stdin -> {
            try (var out = new BufferedOutputStream(stdin, 1 << 16)) {
                for (byte[] line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
        }, "produce", topic, "--acks", "all");
        assertThat(produced.exitCode()).as(produced.describe()).isZero();

        // Where each line went: the line's bytes (as ISO-8859-1, one char per byte) to its input index.
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(index.put(latin1(lines.get(i)), i)).as("generated lines are distinct").isNull();
        }
        long[] ends = endOffsets(env, connect, runs, topic, partitions);
        assertThat(java.util.Arrays.stream(ends).sum()).as("records in the topic").isEqualTo(count);

        boolean[] seen = new boolean[count];
        for (int p = 0; p < partitions; p++) {
            Command.Result consumed = run(env, connect, runs, "consume", topic, "--partition", String.valueOf(p),
                    "--from-beginning", "--max-messages", String.valueOf(ends[p]), "--timeout-ms", "30000");
            assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
            List<byte[]> got = split(consumed.stdout());
            assertThat(got).as("lines of partition " + p).hasSize((int) ends[p]);
            int previous = -1;
            for (byte[] line : got) {
                Integer i = index.get(latin1(line));
                if (i == null) {
                    fail("partition " + p + " returned a line never produced: "
                            + new String(line, StandardCharsets.UTF_8));
                }
                assertThat(seen[i]).as("line %d came back twice", i).isFalse();
                seen[i] = true;
                assertThat(i).as("partition %d keeps the input order", p).isGreaterThan(previous);
                previous = i;
            }
        }
        return runs;
    }

    private static Command.Result run(Map<String, String> env, List<String> connect, List<Command.Result> runs,
            String... args) throws Exception {
        return run(env, connect, runs, stdin -> { }, args);
    }

    private static Command.Result run(Map<String, String> env, List<String> connect, List<Command.Result> runs,
            Command.Input input, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(connect);
        Command command = Command.rustmq(all);
        env.forEach(command::env);
        Command.Result result = command.run(work, input);
        runs.add(result);
        return result;
    }

    /** EndOffset of every partition, from {@code topics describe}. */
    private static long[] endOffsets(Map<String, String> env, List<String> connect, List<Command.Result> runs,
            String topic, int partitions) throws Exception {
        Command.Result described = run(env, connect, runs, "topics", "describe", topic);
        assertThat(described.exitCode()).as(described.describe()).isZero();
        long[] ends = new long[partitions];
        Matcher m = Pattern.compile("Partition: (\\d+)\\t.*\\tEndOffset: (\\d+)").matcher(described.out());
        int found = 0;
        while (m.find()) {
            ends[Integer.parseInt(m.group(1))] = Long.parseLong(m.group(2));
            found++;
        }
        assertThat(found).as(described.out()).isEqualTo(partitions);
        return ends;
    }

    /**
     * Distinct lines of varied length: the empty line, mostly up to 200 code points, a few up to
     * 20 000; each ends with its index, so none ends in CR (which produce strips as part of CRLF).
     */
    static List<byte[]> lines(int count, Random random) {
        List<byte[]> lines = new ArrayList<>(count);
        lines.add(new byte[0]);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < count; i++) {
            sb.setLength(0);
            int length = random.nextInt(1000) == 0 ? random.nextInt(20_000) : random.nextInt(200);
            for (int c = 0; c < length; c++) {
                sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            sb.append(" #").append(i);
            lines.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Splits output at each '\n'; the output must end with one. */
    static List<byte[]> split(byte[] out) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n') {
                lines.add(java.util.Arrays.copyOfRange(out, start, i));
                start = i + 1;
            }
        }
        assertThat(start).as("output ends with a newline").isEqualTo(out.length);
        return lines;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
