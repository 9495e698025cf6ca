package dev.rustmq.storage.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Shared helpers of the WAL tests: options, payloads, replay into a list, and the files on disk. */
final class WalTestSupport {
    static final long GIB = 1L << 30;

    private WalTestSupport() {
    }

    /** One replayed or appended entry: where it is and its exact bytes. */
    record Entry(WalPosition position, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.position.equals(position) && Arrays.equals(e.payload, payload);
        }

        @Override
        public int hashCode() {
            return position.hashCode() * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Entry[" + position + ", crc32c=" + WalFrame.crc(ByteBuffer.wrap(payload)) + "]";
        }
    }

    static WalOptions options(Path dir, long capacityBytes, long segmentSizeBytes, int bufferSize,
                              boolean fsyncOnWrite, long flushIntervalMs) {
        return new WalOptions(dir, capacityBytes, segmentSizeBytes, bufferSize, fsyncOnWrite, flushIntervalMs);
    }

    /** fsync on, 1 GiB capacity. */
    static WalOptions options(Path dir, long segmentSizeBytes, int bufferSize) {
        return options(dir, GIB, segmentSizeBytes, bufferSize, true, 1_000);
    }

    /** Deterministic bytes: the same (seed, size) always gives the same payload. */
    static byte[] payload(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    /** Opens a WAL on {@code options}, recovers it and returns what it replayed. */
    static FileWriteAheadLog open(WalOptions options, List<Entry> replayed) {
        FileWriteAheadLog wal = new FileWriteAheadLog(options);
        wal.recover((position, payload) -> replayed.add(new Entry(position, bytes(payload))));
        return wal;
    }

    /** Reopens {@code options}' folder, returns everything replayed and closes the WAL again. */
    static List<Entry> replayAll(WalOptions options) {
        List<Entry> replayed = new ArrayList<>();
        open(options, replayed).close();
        return replayed;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("append did not complete: " + e, e);
        }
    }

    /** Appends and waits for the acknowledgement. */
    static Entry append(WriteAheadLog wal, byte[] payload) {
        WalPosition position = await(wal.append(ByteBuffer.wrap(payload), 30_000));
        return new Entry(position, payload);
    }

    /** The segment files ({@code *.wal}) in offset order. */
    static List<Path> segmentFiles(Path dir) {
        return files(dir, p -> WalSegment.isSegmentFile(p));
    }

    static List<Path> files(Path dir, java.util.function.Predicate<Path> filter) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(filter).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long baseOffset(Path segment) {
        return WalSegment.baseOffsetOf(segment);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
