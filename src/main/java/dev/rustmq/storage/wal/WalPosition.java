package dev.rustmq.storage.wal;

/**
 * Where one entry lies in the WAL's logical byte space: {@code offset} is the start of its
 * frame (segment base + file position), {@code size} the payload length. Positions only grow.
 */
public record WalPosition(long offset, int size) {
    /** The offset just past this entry's frame: where the next entry starts. */
    public long nextOffset() {
        return offset + WalFrame.HEADER_SIZE + size;
    }
}
