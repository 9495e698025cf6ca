package dev.rustmq.storage.wal;

import static dev.rustmq.storage.wal.WalTestSupport.append;
import static dev.rustmq.storage.wal.WalTestSupport.baseOffset;
import static dev.rustmq.storage.wal.WalTestSupport.files;
import static dev.rustmq.storage.wal.WalTestSupport.open;
import static dev.rustmq.storage.wal.WalTestSupport.options;
import static dev.rustmq.storage.wal.WalTestSupport.payload;
import static dev.rustmq.storage.wal.WalTestSupport.replayAll;
import static dev.rustmq.storage.wal.WalTestSupport.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.storage.errors.WalStorageException;
import dev.rustmq.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage done to the files of a closed WAL, then a reopen: replay stops at the first bad entry,
 * serves nothing after it, sets what it cut aside, says where, and the log goes on from there.
 */
class WalCorruptionTest {
    private static final int ENTRIES = 40;
    private static final int PAYLOAD = 500;     // 508-byte frames: 8 to a 4096-byte segment, 5 segments

    @TempDir
    Path dir;

    private final Logger walLogger = Logger.getLogger(FileWriteAheadLog.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private WalOptions options;
    private List<Entry> appended;

    @BeforeEach
    void captureLog() {
        capture.setLevel(Level.ALL);
        walLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        walLogger.removeHandler(capture);
    }

    /** Writes {@value #ENTRIES} entries through a WAL and closes it. */
    private void writeEntries() {
        options = options(dir, 4096, 1024);
        appended = new ArrayList<>();
        try (FileWriteAheadLog wal = open(options, new ArrayList<>())) {
            for (int i = 0; i < ENTRIES; i++) {
                appended.add(append(wal, payload(i, PAYLOAD)));
            }
        }
        assertThat(segmentFiles(dir)).hasSize(5);
        logged.clear();
    }

    /** The segment file holding an offset, and the offset's position inside it. */
    private record Location(Path file, long filePosition) {
    }

    private Location locate(long offset) {
        Path holder = null;
        for (Path p : segmentFiles(dir)) {
            if (baseOffset(p) <= offset) {
                holder = p;
            }
        }
        assertThat(holder).as("segment holding %d", offset).isNotNull();
        return new Location(holder, offset - baseOffset(holder));
    }

    private static void flipByte(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x5A;
        Files.write(file, bytes);
    }

    private List<LogRecord> logged(Level level) {
        return logged.stream().filter(r -> r.getLevel() == level).toList();
    }

    private List<Entry> appendMore(FileWriteAheadLog wal, int count, long seed) {
        List<Entry> more = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            more.add(append(wal, payload(seed + i, 100 + 300 * i)));
        }
        return more;
    }

    /**
     * Entry 3 (inside the first segment), 7 (the last entry of the first segment), 17 (a middle
     * segment) and 36 (inside the last segment).
     */
    @ParameterizedTest(name = "entry {0}")
    @ValueSource(ints = {3, 7, 17, 36})
    void aFlippedByteInsideAnEntryStopsReplayThereAndSetsTheRestAside(int bad) throws IOException {
        writeEntries();
        Entry corrupt = appended.get(bad);
        Location at = locate(corrupt.position().offset());
        List<Path> segments = segmentFiles(dir);
        int badSegment = segments.indexOf(at.file());
        List<Path> later = segments.subList(badSegment + 1, segments.size());
        flipByte(at.file(), at.filePosition() + WalFrame.HEADER_SIZE + PAYLOAD / 2);
        byte[] damaged = Files.readAllBytes(at.file());
        byte[] cutBytes = Arrays.copyOfRange(damaged, (int) at.filePosition(), damaged.length);

        List<Entry> replayed = new ArrayList<>();
        List<Entry> more;
        try (FileWriteAheadLog wal = open(options, replayed)) {
            // Everything before the bad entry, nothing from it on.
            assertThat(replayed).containsExactlyElementsOf(appended.subList(0, bad));
            assertThat(wal.endOffset()).isEqualTo(corrupt.position().offset());
            assertThat(Files.size(at.file())).isEqualTo(at.filePosition());

            // The cut bytes are kept beside the segment, the later segments are set aside whole.
            Path aside = at.file().resolveSibling(at.file().getFileName() + "." + at.filePosition() + ".corrupt");
            assertThat(aside).exists();
            assertThat(Files.readAllBytes(aside)).isEqualTo(cutBytes);
            for (Path p : later) {
                assertThat(p).doesNotExist();
                assertThat(p.resolveSibling(p.getFileName() + ".corrupt")).exists();
            }
            assertThat(segmentFiles(dir)).containsExactlyElementsOf(segments.subList(0, badSegment + 1));

            // A SEVERE message names the file and the position.
            assertThat(logged(Level.SEVERE)).anySatisfy(r -> assertThat(r.getMessage())
                    .contains(at.file().toString())
                    .contains("position " + at.filePosition()));

            // The log takes appends again, right where the good entries end.
            more = appendMore(wal, 12, 1_000);
            assertThat(more.get(0).position().offset()).isEqualTo(corrupt.position().offset());
        }
        logged.clear();

        List<Entry> expected = new ArrayList<>(appended.subList(0, bad));
        expected.addAll(more);
        assertThat(replayAll(options)).containsExactlyElementsOf(expected);
        assertThat(logged(Level.SEVERE)).as("a clean reopen after the repair").isEmpty();
        assertThat(logged(Level.WARNING)).isEmpty();
    }

    @Test
    void aDamagedLengthInAnEarlierSegmentStopsReplayThere() throws IOException {
        writeEntries();
        Entry corrupt = appended.get(12);
        Location at = locate(corrupt.position().offset());
        ByteBuffer huge = ByteBuffer.allocate(4).putInt(0, 1 << 30);
        try (var channel = java.nio.channels.FileChannel.open(at.file(), StandardOpenOption.WRITE)) {
            channel.write(huge, at.filePosition());
        }

        List<Entry> replayed = new ArrayList<>();
        try (FileWriteAheadLog wal = open(options, replayed)) {
            assertThat(replayed).containsExactlyElementsOf(appended.subList(0, 12));
            assertThat(wal.endOffset()).isEqualTo(corrupt.position().offset());
        }
        assertThat(logged(Level.SEVERE)).anySatisfy(r -> assertThat(r.getMessage())
                .contains(at.file().toString()).contains("position " + at.filePosition()));
        assertThat(files(dir, p -> p.getFileName().toString().endsWith(".wal.corrupt"))).hasSize(3);
    }

    /** Cuts inside the header, right after it, inside the payload, and one byte short. */
    @ParameterizedTest(name = "cut {0} bytes into the last frame")
    @ValueSource(ints = {3, 8, 258, 507})
    void aTornLastEntryIsTruncatedAwayAndEarlierEntriesStay(int keep) throws IOException {
        writeEntries();
        Entry last = appended.get(ENTRIES - 1);
        Location at = locate(last.position().offset());
        try (var channel = java.nio.channels.FileChannel.open(at.file(), StandardOpenOption.WRITE)) {
            channel.truncate(at.filePosition() + keep);
        }

        List<Entry> replayed = new ArrayList<>();
        List<Entry> more;
        try (FileWriteAheadLog wal = open(options, replayed)) {
            assertThat(replayed).containsExactlyElementsOf(appended.subList(0, ENTRIES - 1));
            assertThat(wal.endOffset()).isEqualTo(last.position().offset());
            assertThat(Files.size(at.file())).isEqualTo(at.filePosition());
            more = appendMore(wal, 3, 2_000);
            assertThat(more.get(0).position().offset()).isEqualTo(last.position().offset());
        }
        // A torn tail is what a crash leaves: a warning, nothing set aside.
        assertThat(logged(Level.SEVERE)).isEmpty();
        assertThat(logged(Level.WARNING)).anySatisfy(r -> assertThat(r.getMessage())
                .contains(at.file().toString()).contains("position " + at.filePosition()));
        assertThat(files(dir, p -> p.toString().endsWith(".corrupt"))).isEmpty();

        List<Entry> expected = new ArrayList<>(appended.subList(0, ENTRIES - 1));
        expected.addAll(more);
        assertThat(replayAll(options)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} zero bytes")
    @ValueSource(ints = {1, 7, 8, 4096, 100_000})
    void aZeroFilledTailIsIgnoredAndTruncated(int zeros) throws IOException {
        writeEntries();
        Path last = segmentFiles(dir).get(4);
        long size = Files.size(last);
        Files.write(last, new byte[zeros], StandardOpenOption.APPEND);

        List<Entry> replayed = new ArrayList<>();
        List<Entry> more;
        try (FileWriteAheadLog wal = open(options, replayed)) {
            assertThat(replayed).containsExactlyElementsOf(appended);
            assertThat(Files.size(last)).isEqualTo(size);
            assertThat(wal.endOffset()).isEqualTo(appended.get(ENTRIES - 1).position().nextOffset());
            more = appendMore(wal, 3, 3_000);
        }
        assertThat(logged(Level.SEVERE)).isEmpty();
        assertThat(files(dir, p -> p.toString().endsWith(".corrupt"))).isEmpty();
        List<Entry> expected = new ArrayList<>(appended);
        expected.addAll(more);
        assertThat(replayAll(options)).containsExactlyElementsOf(expected);
    }

    @Test
    void aLastEntryThatWasNeverWrittenOutReadsAsAZeroTail() throws IOException {
        writeEntries();
        Entry last = appended.get(ENTRIES - 1);
        Location at = locate(last.position().offset());
        try (var channel = java.nio.channels.FileChannel.open(at.file(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(WalFrame.HEADER_SIZE + PAYLOAD), at.filePosition());
        }

        List<Entry> replayed = new ArrayList<>();
        try (FileWriteAheadLog wal = open(options, replayed)) {
            assertThat(replayed).containsExactlyElementsOf(appended.subList(0, ENTRIES - 1));
            assertThat(wal.endOffset()).isEqualTo(last.position().offset());
        }
        assertThat(logged(Level.SEVERE)).isEmpty();
    }

    @Test
    void aMissingSegmentStopsReplayAtTheGap() throws IOException {
        writeEntries();
        List<Path> segments = segmentFiles(dir);
        Files.delete(segments.get(2));
        long gap = baseOffset(segments.get(2));

        List<Entry> replayed = new ArrayList<>();
        List<Entry> more;
        try (FileWriteAheadLog wal = open(options, replayed)) {
            assertThat(replayed).containsExactlyElementsOf(
                    appended.stream().filter(e -> e.position().offset() < gap).toList());
            assertThat(wal.endOffset()).isEqualTo(gap);
            more = appendMore(wal, 3, 4_000);
            assertThat(more.get(0).position().offset()).isEqualTo(gap);
        }
        assertThat(segments.get(3).resolveSibling(segments.get(3).getFileName() + ".corrupt")).exists();
        assertThat(segments.get(4).resolveSibling(segments.get(4).getFileName() + ".corrupt")).exists();
        assertThat(logged(Level.SEVERE)).anySatisfy(r -> assertThat(r.getMessage())
                .contains(segments.get(3).toString()));

        List<Entry> expected = new ArrayList<>(appended.stream().filter(e -> e.position().offset() < gap).toList());
        expected.addAll(more);
        assertThat(replayAll(options)).containsExactlyElementsOf(expected);
    }

    @Test
    void damageBeforeTheCheckpointDoesNotMatter() throws IOException {
        writeEntries();
        long checkpoint = appended.get(21).position().offset();
        try (FileWriteAheadLog wal = open(options, new ArrayList<>())) {
            wal.trim(checkpoint);
        }
        Location trimmedEntry = locate(appended.get(17).position().offset());
        assertThat(trimmedEntry.file()).isEqualTo(locate(checkpoint).file());
        flipByte(trimmedEntry.file(), trimmedEntry.filePosition() + WalFrame.HEADER_SIZE + 10);

        assertThat(replayAll(options)).containsExactlyElementsOf(appended.subList(21, ENTRIES));
        assertThat(logged(Level.SEVERE)).isEmpty();
        assertThat(files(dir, p -> p.toString().endsWith(".corrupt"))).isEmpty();
    }

    /**
     * Without fsync on write a trim can checkpoint entries that a power loss then takes from the
     * file (the checkpoint is synced, the data was not). Simulated by cutting the file below it.
     */
    @Test
    void aCheckpointPastTheSurvivingEndStartsTheLogAtTheCheckpoint() throws IOException {
        writeEntries();
        long checkpoint = appended.get(ENTRIES - 1).position().nextOffset();
        try (FileWriteAheadLog wal = open(options, new ArrayList<>())) {
            wal.trim(checkpoint);
        }
        Location at = locate(appended.get(ENTRIES - 2).position().offset());
        try (var channel = java.nio.channels.FileChannel.open(at.file(), StandardOpenOption.WRITE)) {
            channel.truncate(at.filePosition() + 100);
        }

        List<Entry> replayed = new ArrayList<>();
        List<Entry> more;
        try (FileWriteAheadLog wal = open(options, replayed)) {
            assertThat(replayed).isEmpty();
            assertThat(wal.startOffset()).isEqualTo(checkpoint);
            assertThat(wal.endOffset()).isEqualTo(checkpoint);
            more = appendMore(wal, 5, 5_000);
            assertThat(more.get(0).position().offset()).isEqualTo(checkpoint);
            for (Entry e : more) {
                assertThat(WalTestSupport.bytes(wal.read(e.position()))).isEqualTo(e.payload());
            }
        }
        assertThat(replayAll(options)).containsExactlyElementsOf(more);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flipped byte", "truncated", "empty"})
    void aDamagedCheckpointFailsRecoverInsteadOfResetting(String damage) throws IOException {
        writeEntries();
        try (FileWriteAheadLog wal = open(options, new ArrayList<>())) {
            wal.trim(appended.get(21).position().offset());
        }
        Path checkpoint = dir.resolve("checkpoint");
        assertThat(checkpoint).exists();
        switch (damage) {
            case "flipped byte" -> flipByte(checkpoint, 5);
            case "truncated" -> Files.write(checkpoint, Arrays.copyOf(Files.readAllBytes(checkpoint), 7));
            default -> Files.write(checkpoint, new byte[0]);
        }
        List<Path> segmentsBefore = segmentFiles(dir);

        FileWriteAheadLog wal = new FileWriteAheadLog(options);
        List<Entry> replayed = new ArrayList<>();
        try {
            assertThatThrownBy(() -> wal.recover((p, b) -> replayed.add(new Entry(p, WalTestSupport.bytes(b)))))
                    .isInstanceOf(WalStorageException.class)
                    .hasMessageContaining("checkpoint");
            assertThat(replayed).isEmpty();
            assertThat(wal.append(ByteBuffer.wrap(new byte[] {1}), 100)).isCompletedExceptionally();
        } finally {
            wal.close();
        }
        // Nothing was deleted or rewritten on the way.
        assertThat(segmentFiles(dir)).containsExactlyElementsOf(segmentsBefore);
        assertThat(files(dir, p -> p.toString().endsWith(".corrupt"))).isEmpty();
    }
}
