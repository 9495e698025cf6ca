package dev.rustmq.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the frames of one segment in order through a large window, for recovery: one read
 * per megabyte rather than two per entry. Each call returns the next valid frame or says why
 * there is none.
 */
final class FrameScanner {
    private static final int WINDOW = 1 << 20;

    enum Stop { END, TORN, ZERO_TAIL, CORRUPT }

    /** A valid frame at {@code filePosition}, or the reason reading stopped there. */
    record Result(long filePosition, ByteBuffer payload, Stop stop, String problem) {
        boolean isFrame() {
            return payload != null;
        }
    }

    private final WalSegment segment;
    private final long fileSize;
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;
    private long position;

    FrameScanner(WalSegment segment, long startPosition) {
        this.segment = segment;
        this.fileSize = segment.size();
        this.position = startPosition;
    }

    Result next() throws IOException {
        long at = position;
        if (at == fileSize) {
            return new Result(at, null, Stop.END, null);
        }
        if (at + WalFrame.HEADER_SIZE > fileSize) {
            return new Result(at, null, Stop.TORN, "a partial entry header at the end of the file (torn write)");
        }
        ByteBuffer header = bytes(at, WalFrame.HEADER_SIZE);
        int length = header.getInt();
        int crc = header.getInt();
        if (length == 0 && crc == 0 && zerosFrom(at)) {
            return new Result(at, null, Stop.ZERO_TAIL, "zero-filled tail");
        }
        if (length <= 0) {
            return new Result(at, null, Stop.CORRUPT, "invalid entry length " + length);
        }
        if (at + WalFrame.HEADER_SIZE + length > fileSize) {
            return new Result(at, null, Stop.TORN, "an entry of " + length + " bytes runs past the end of the file "
                    + "(torn write)");
        }
        ByteBuffer payload = bytes(at + WalFrame.HEADER_SIZE, length);
        if (WalFrame.crc(payload) != crc) {
            boolean last = at + WalFrame.HEADER_SIZE + length == fileSize;
            return new Result(at, null, last ? Stop.TORN : Stop.CORRUPT,
                    "checksum mismatch" + (last ? " in the last entry (torn write)" : ""));
        }
        position = at + WalFrame.HEADER_SIZE + length;
        return new Result(at, payload, null, null);
    }

    /** A copy of the bytes [filePosition, filePosition + length), which lie inside the file. */
    private ByteBuffer bytes(long filePosition, int length) throws IOException {
        if (length > WINDOW) {
            return segment.read(filePosition, length);
        }
        if (filePosition < windowStart || filePosition + length > windowStart + window.limit()) {
            window = segment.read(filePosition, (int) Math.min(WINDOW, fileSize - filePosition));
            windowStart = filePosition;
        }
        int from = (int) (filePosition - windowStart);
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(window.duplicate().position(from).limit(from + length));
        return copy.flip();
    }

    private boolean zerosFrom(long filePosition) throws IOException {
        for (long p = filePosition; p < fileSize; p += WINDOW) {
            ByteBuffer chunk = segment.read(p, (int) Math.min(WINDOW, fileSize - p));
            while (chunk.hasRemaining()) {
                if (chunk.get() != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
