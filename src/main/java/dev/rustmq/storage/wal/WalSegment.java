package dev.rustmq.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One WAL file, named by the logical offset of its first byte ({@code 00000000000000001024.wal}).
 * Written only by the WAL's writer thread; read by positional reads from any thread.
 */
final class WalSegment {
    static final String SUFFIX = ".wal";

    private final long baseOffset;
    private final Path path;
    private final FileChannel channel;
    private volatile long size;

    private WalSegment(long baseOffset, Path path, FileChannel channel, long size) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    static WalSegment create(Path directory, long baseOffset) throws IOException {
        Path path = directory.resolve(fileName(baseOffset));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new WalSegment(baseOffset, path, channel, 0);
    }

    static WalSegment open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new WalSegment(baseOffsetOf(path), path, channel, channel.size());
    }

    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SUFFIX);
    }

    static boolean isSegmentFile(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()
                && name.substring(0, 20).chars().allMatch(Character::isDigit);
    }

    static long baseOffsetOf(Path path) {
        return Long.parseLong(path.getFileName().toString().substring(0, 20));
    }

    long baseOffset() {
        return baseOffset;
    }

    /** The offset just past the last byte written to this file. */
    long endOffset() {
        return baseOffset + size;
    }

    long size() {
        return size;
    }

    Path path() {
        return path;
    }

    /** Writes all of {@code buffers} at the end of the file. */
    void append(ByteBuffer... buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer b : buffers) {
            remaining += b.remaining();
        }
        long written = 0;
        channel.position(size);
        while (written < remaining) {
            written += channel.write(buffers);
        }
        size += written;
    }

    /** Reads exactly {@code length} bytes at a position in this file, or fewer at the end of the file. */
    ByteBuffer read(long filePosition, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, filePosition + buffer.position());
            if (n < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    /** fdatasync: the data written so far survives a power loss. */
    void force() throws IOException {
        channel.force(false);
    }

    void truncate(long filePosition) throws IOException {
        channel.truncate(filePosition);
        channel.force(true);
        size = filePosition;
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
