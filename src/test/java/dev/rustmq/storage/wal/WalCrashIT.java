package dev.rustmq.storage.wal;

import static dev.rustmq.storage.wal.WalTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acknowledged data survives SIGKILL: a {@link WalCrashChild} process appends from several threads
 * with fsync on and reports each acknowledgement; the test kills it at a random moment, recovers
 * the folder and checks every acknowledged entry is there, byte for byte, at its reported offset,
 * and that nothing was invented, duplicated or left with a gap. A second process then appends after
 * the first one's recovered tail and is killed in turn.
 *
 * <p>Each thread of the child stops after a seeded number of entries, so a kill lands either in the
 * middle of the appends (when the seeded number of acknowledgements arrives first) or once the
 * child is idle, when every acknowledged entry must already be written.
 */
class WalCrashIT {
    private static final int THREADS = 4;
    private static final long SEGMENT_SIZE = 64 * 1024;
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    /** One acknowledgement printed by the child. */
    private record Ack(int round, int thread, int seq, long offset, int size) {
        Key key() {
            return new Key(round, thread, seq);
        }
    }

    private record Key(int round, int thread, int seq) {
    }

    /**
     * A running child. Its stdout goes to a file, which a thread tails: unlike a pipe, a file keeps
     * every line the child wrote before it died, however the kill and the reading interleave.
     */
    private static final class Child {
        final Process process;
        final Path stdout;
        final Path stderr;
        final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> otherLines = new ConcurrentLinkedQueue<>();
        final Thread reader;

        Child(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.reader = new Thread(this::readLines, "crash-child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Reads complete lines as they arrive until the child is dead and the file is read to its
         * end; a last line the kill cut short (no newline) is dropped.
         */
        private void readLines() {
            StringBuilder line = new StringBuilder();
            byte[] buffer = new byte[8192];
            try (InputStream in = Files.newInputStream(stdout)) {
                while (true) {
                    boolean dead = !process.isAlive();
                    int n = in.read(buffer);
                    if (n > 0) {
                        for (int i = 0; i < n; i++) {
                            char c = (char) buffer[i];
                            if (c == '\n') {
                                accept(line.toString());
                                line.setLength(0);
                            } else {
                                line.append(c);
                            }
                        }
                    } else if (dead) {
                        return;     // dead before this read found nothing more: all is read
                    } else {
                        process.waitFor(2, TimeUnit.MILLISECONDS);
                    }
                }
            } catch (IOException e) {
                otherLines.add("stdout read failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void accept(String line) {
            String[] f = line.split(" ");
            if (f[0].equals("ACK") && f.length == 6) {
                acks.add(new Ack(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Long.parseLong(f[4]), Integer.parseInt(f[5])));
            } else {
                otherLines.add(line);
            }
        }

        long done() {
            return otherLines.stream().filter(l -> l.startsWith("DONE ")).count();
        }

        String diagnostics() {
            String err;
            try {
                err = Files.exists(stderr) ? Files.readString(stderr) : "";
            } catch (IOException e) {
                err = e.toString();
            }
            return "child stdout (non-ACK): " + otherLines + "\nchild stderr:\n" + err;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 41})
    void acknowledgedEntriesSurviveSigkill(long seed) throws Exception {
        Random random = new Random(seed);
        Path wal = dir.resolve("wal");
        Map<Key, Ack> acked = new HashMap<>();
        long replayedBefore = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            int target = 150 + random.nextInt(650);
            int limit = 40 + random.nextInt(210);
            Child child = start(wal, round, seed, limit);
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> child.acks.size() >= target || child.done() == THREADS
                                || !child.process.isAlive());
                assertThat(child.process.isAlive()).as("child round %d alive\n%s", round, child.diagnostics())
                        .isTrue();
            } finally {
                child.process.destroyForcibly();      // SIGKILL
                assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                child.reader.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(child.process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            String recoveredLine = child.otherLines.stream().filter(l -> l.startsWith("RECOVERED ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RECOVERED line\n" + child.diagnostics()));
            assertThat(Long.parseLong(recoveredLine.split(" ")[1]))
                    .as("entries the child of round %d recovered", round).isEqualTo(replayedBefore);
            assertThat(child.acks.size()).isGreaterThanOrEqualTo(Math.min(target, THREADS * limit));
            for (Ack ack : child.acks) {
                assertThat(acked.put(ack.key(), ack)).as("acknowledged twice: %s", ack).isNull();
            }

            // The next child must recover the folder exactly as the kill left it: check a copy.
            Path check = round < ROUNDS ? copy(wal, dir.resolve("check-" + round)) : wal;
            replayedBefore = verify(check, acked, seed, round);
        }
    }

    private Child start(Path wal, int round, long seed, int limit) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stdout = dir.resolve("child-" + round + ".out");
        Path stderr = dir.resolve("child-" + round + ".err");
        List<String> command = List.of(java.toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), WalCrashChild.class.getName(),
                wal.toString(), Integer.toString(round), Long.toString(seed), Integer.toString(THREADS),
                Long.toString(SEGMENT_SIZE), Integer.toString(BUFFER_SIZE), Integer.toString(limit));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new Child(process, stdout, stderr);
    }

    /**
     * Recovers {@code folder} and checks it against what was acknowledged through {@code lastRound};
     * returns how many entries it replayed.
     */
    private static long verify(Path folder, Map<Key, Ack> acked, long seed, int lastRound) {
        TreeMap<Long, byte[]> replayed = new TreeMap<>();
        List<WalPosition> positions = new ArrayList<>();
        FileWriteAheadLog wal = new FileWriteAheadLog(
                new WalOptions(folder, 1L << 30, SEGMENT_SIZE, BUFFER_SIZE, true, 1_000));
        try {
            wal.recover((position, payload) -> {
                positions.add(position);
                replayed.put(position.offset(), bytes(payload));
            });
        } finally {
            wal.close();
        }

        // Offsets start at zero and each entry begins where the previous one ended.
        long expected = 0;
        for (WalPosition p : positions) {
            assertThat(p.offset()).as("offset after %d replayed entries", replayed.headMap(p.offset()).size())
                    .isEqualTo(expected);
            expected = p.nextOffset();
        }
        assertThat(replayed).hasSize(positions.size());

        // Nothing invented, nothing twice, and per thread no gap: seq n+1 was only written after n was acked.
        Map<Key, Long> found = new HashMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        for (Map.Entry<Long, byte[]> e : replayed.entrySet()) {
            int[] h = WalCrashChild.header(e.getValue());
            if (h == null) {
                fail("replayed entry at %d has no valid header", e.getKey());
            }
            assertThat(h[0]).as("round of entry at %d", e.getKey()).isBetween(1, lastRound);
            assertThat(e.getValue()).as("entry at %d, round %d thread %d seq %d", e.getKey(), h[0], h[1], h[2])
                    .isEqualTo(WalCrashChild.payload(seed, h[0], h[1], h[2]));
            Key key = new Key(h[0], h[1], h[2]);
            assertThat(found.put(key, e.getKey())).as("duplicate %s", key).isNull();
            String stream = h[0] + "/" + h[1];
            int previous = lastSeq.getOrDefault(stream, -1);
            assertThat(h[2]).as("seq after %d in round/thread %s", previous, stream).isEqualTo(previous + 1);
            lastSeq.put(stream, h[2]);
        }

        // Each thread had at most one unacknowledged append in flight when it was killed.
        Map<String, Integer> lastAcked = new HashMap<>();
        acked.values().forEach(a -> lastAcked.merge(a.round() + "/" + a.thread(), a.seq(), Math::max));
        lastSeq.forEach((stream, seq) -> assertThat(seq).as("last replayed seq of round/thread %s", stream)
                .isLessThanOrEqualTo(lastAcked.getOrDefault(stream, -1) + 1));

        // Every acknowledged entry is there, at its offset, whole.
        List<Ack> missing = new ArrayList<>();
        for (Ack ack : acked.values()) {
            Long offset = found.get(ack.key());
            if (offset == null || offset != ack.offset() || replayed.get(offset).length != ack.size()) {
                missing.add(ack);
            }
        }
        assertThat(missing).as("acknowledged entries lost or moved (of %d acked, %d replayed)", acked.size(),
                replayed.size()).isEmpty();
        Set<Integer> rounds = new HashSet<>();
        acked.values().forEach(a -> rounds.add(a.round()));
        assertThat(rounds).hasSize(lastRound);
        return replayed.size();
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
