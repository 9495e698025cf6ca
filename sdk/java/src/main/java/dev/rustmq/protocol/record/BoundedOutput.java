package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The output of a decompressor whose section does not declare its uncompressed size: a byte
 * array that grows as data arrives but never past a cap, so a decompression bomb is stopped at
 * the reader's limit instead of at the heap's.
 */
final class BoundedOutput {
    private final int cap;
    private byte[] bytes;
    private int size;

    BoundedOutput(int expectedSize, int cap) {
        this.cap = cap;
        this.bytes = new byte[Math.min(cap, Math.max(expectedSize, 0))];
    }

    /** Appends {@code length} bytes of {@code src}; false, appending nothing, if that would pass the cap. */
    boolean append(byte[] src, int offset, int length) {
        if (!makeRoom(length)) {
            return false;
        }
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
        return true;
    }

    /** As {@link #append(byte[], int, int)}, from {@code src} at the absolute {@code position}. */
    boolean append(ByteBuffer src, int position, int length) {
        if (!makeRoom(length)) {
            return false;
        }
        src.get(position, bytes, size, length);
        size += length;
        return true;
    }

    int size() {
        return size;
    }

    /** The bytes so far, shared: position 0, limit = size. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, size).slice();
    }

    private boolean makeRoom(int length) {
        if (length > cap - size) {
            return false;
        }
        int needed = size + length;
        if (needed > bytes.length) {
            // Doubling keeps copying linear; the cap keeps the last step from overshooting the limit.
            long doubled = Math.max((long) bytes.length * 2, 4096);
            bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(needed, doubled)));
        }
        return true;
    }
}
