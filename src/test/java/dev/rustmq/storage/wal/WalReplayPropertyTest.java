package dev.rustmq.storage.wal;

import static dev.rustmq.storage.wal.WalTestSupport.append;
import static dev.rustmq.storage.wal.WalTestSupport.bytes;
import static dev.rustmq.testing.PropertyCheck.forAll;
import static dev.rustmq.testing.PropertyCheck.forEach;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.storage.wal.WalTestSupport.Entry;
import dev.rustmq.testing.Generators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any sequence of appends (sizes around the buffer and segment sizes), trims to entry boundaries
 * and reopens: a reopened WAL replays exactly the appended entries at or after the checkpoint,
 * and its start and end offsets are the checkpoint and the end of the last entry.
 */
class WalReplayPropertyTest {

    sealed interface Op permits Append, Trim, Reopen {
    }

    /** Appends a payload of {@code size} bytes. */
    record Append(int size) implements Op {
    }

    /** Trims to one of the entry boundaries from the checkpoint to the end, picked by {@code pick}. */
    record Trim(int pick) implements Op {
    }

    /** Closes the WAL and opens a new instance on the same folder. */
    record Reopen() implements Op {
    }

    record Scenario(List<Op> ops, boolean fsyncOnWrite) {
    }

    /** Sizes that fill the 1024-byte buffer or the 4096-byte segment exactly, or by one byte more, with the frame overhead. */
    private static final int[] EDGE_SIZES = {1, 1016, 1017, 4088, 4089, 10_000};

    // ---- generators ----

    /** Up to 60 operations: appends, trims and reopens in the ratio 8 : 2 : 1. */
    private static List<Op> operations(Generators gen) {
        return gen.listOf(0, 60, g -> {
            int kind = g.random().nextInt(11);
            if (kind < 8) {
                return new Append(g.chance(0.25) ? EDGE_SIZES[g.random().nextInt(EDGE_SIZES.length)]
                        : g.intBetween(1, 10_000));
            }
            return kind < 10 ? new Trim(g.intBetween(0, 1_000)) : new Reopen();
        });
    }

    // ---- edge cases ----

    private static List<Scenario> edgeScenarios() {
        List<List<Op>> ops = new ArrayList<>();
        ops.add(List.of());
        ops.add(List.of(new Reopen()));
        ops.add(List.of(new Trim(0), new Reopen(), new Trim(1_000)));
        for (int size : EDGE_SIZES) {
            // append, reopen, trim to the end (boundaries: the entry and the end), reopen, append after the trim
            ops.add(List.of(new Append(size), new Reopen(), new Trim(1), new Reopen(), new Append(size)));
        }
        List<Op> allSizes = new ArrayList<>();
        for (int size : EDGE_SIZES) {
            allSizes.add(new Append(size));
        }
        allSizes.addAll(List.of(new Reopen(), new Trim(3), new Trim(0), new Append(1), new Reopen(), new Trim(1_000)));
        ops.add(allSizes);
        List<Op> manySegments = new ArrayList<>(Collections.nCopies(20, new Append(10_000)));
        manySegments.addAll(List.of(new Trim(10), new Reopen(), new Append(4089), new Trim(10), new Reopen()));
        ops.add(manySegments);

        List<Scenario> scenarios = new ArrayList<>();
        for (List<Op> list : ops) {
            scenarios.add(new Scenario(list, true));
            scenarios.add(new Scenario(list, false));
        }
        return scenarios;
    }

    // ---- the property ----

    @Test
    void replayEqualsTheAppendedEntriesFromTheCheckpointOn() {
        forEach(edgeScenarios(), WalReplayPropertyTest::replaysTheHeldEntries);
        forAll(60, gen -> new Scenario(operations(gen), gen.nextBoolean()), WalReplayPropertyTest::replaysTheHeldEntries);
    }

    private static void replaysTheHeldEntries(Scenario scenario) throws IOException {
        Path dir = Files.createTempDirectory("wal-property");
        // 1024-byte buffer, 4096-byte segments: entries of up to 10 000 bytes straddle both.
        WalOptions options = WalTestSupport.options(dir, 1L << 30, 4096, 1024, scenario.fsyncOnWrite(), 1_000);
        List<Entry> appended = new ArrayList<>();
        long checkpoint = 0;
        FileWriteAheadLog wal = null;
        try {
            wal = reopen(options, appended, checkpoint);
            int seq = 0;
            for (Op op : scenario.ops()) {
                if (op instanceof Append a) {
                    Entry e = append(wal, WalTestSupport.payload(seq++, a.size()));
                    assertThat(e.position().offset()).isEqualTo(end(appended, checkpoint));
                    appended.add(e);
                } else if (op instanceof Trim t) {
                    List<Long> boundaries = new ArrayList<>();
                    for (Entry e : appended) {
                        if (e.position().offset() >= checkpoint) {
                            boundaries.add(e.position().offset());
                        }
                    }
                    boundaries.add(end(appended, checkpoint));
                    long to = boundaries.get(t.pick() % boundaries.size());
                    wal.trim(to);
                    checkpoint = to;
                    assertThat(wal.startOffset()).isEqualTo(checkpoint);
                    for (Entry e : held(appended, checkpoint)) {
                        assertThat(bytes(wal.read(e.position()))).isEqualTo(e.payload());
                    }
                } else {
                    FileWriteAheadLog closing = wal;
                    wal = null;
                    closing.close();
                    wal = reopen(options, appended, checkpoint);
                }
            }
            FileWriteAheadLog closing = wal;
            wal = null;
            closing.close();
            wal = reopen(options, appended, checkpoint);
        } finally {
            if (wal != null) {
                wal.close();
            }
            WalTestSupport.deleteRecursively(dir);
        }
    }

    /** Opens the folder anew and checks what it replays against the model. */
    private static FileWriteAheadLog reopen(WalOptions options, List<Entry> appended, long checkpoint) {
        List<Entry> replayed = new ArrayList<>();
        FileWriteAheadLog wal = WalTestSupport.open(options, replayed);
        try {
            assertThat(replayed).containsExactlyElementsOf(held(appended, checkpoint));
            assertThat(wal.startOffset()).isEqualTo(checkpoint);
            assertThat(wal.endOffset()).isEqualTo(end(appended, checkpoint));
        } catch (AssertionError e) {
            wal.close();
            throw e;
        }
        return wal;
    }

    private static List<Entry> held(List<Entry> appended, long checkpoint) {
        return appended.stream().filter(e -> e.position().offset() >= checkpoint).toList();
    }

    private static long end(List<Entry> appended, long checkpoint) {
        return appended.isEmpty() ? checkpoint : appended.get(appended.size() - 1).position().nextOffset();
    }
}
