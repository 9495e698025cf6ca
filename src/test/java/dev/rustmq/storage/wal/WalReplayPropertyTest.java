package dev.rustmq.storage.wal;

import static dev.rustmq.storage.wal.WalTestSupport.append;
import static dev.rustmq.storage.wal.WalTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> append = Arbitraries.integers().between(1, 10_000)
                .edgeCases(c -> c.includeOnly(1, 1016, 1017, 4088, 4089, 10_000))
                .map(Append::new);
        Arbitrary<Op> trim = Arbitraries.integers().between(0, 1_000).map(Trim::new);
        Arbitrary<Op> reopen = Arbitraries.just(new Reopen());
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, append),
                        net.jqwik.api.Tuple.of(2, trim),
                        net.jqwik.api.Tuple.of(1, reopen))
                .list().ofMaxSize(60);
    }

    @Property(tries = 60)
    void replayEqualsTheAppendedEntriesFromTheCheckpointOn(@ForAll("operations") List<Op> ops,
                                                          @ForAll boolean fsyncOnWrite) throws IOException {
        Path dir = Files.createTempDirectory("wal-property");
        // 1024-byte buffer, 4096-byte segments: entries of up to 10 000 bytes straddle both.
        WalOptions options = WalTestSupport.options(dir, 1L << 30, 4096, 1024, fsyncOnWrite, 1_000);
        List<Entry> appended = new ArrayList<>();
        long checkpoint = 0;
        FileWriteAheadLog wal = reopen(options, appended, checkpoint);
        try {
            int seq = 0;
            for (Op op : ops) {
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
                    wal.close();
                    wal = reopen(options, appended, checkpoint);
                }
            }
            wal.close();
            wal = reopen(options, appended, checkpoint);
        } finally {
            wal.close();
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
