package dev.rustmq.storage.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The framing of one WAL entry: {@code [payload length int32][CRC-32C of payload int32][payload]}.
 * A length of zero never occurs in a written frame, so a zero-filled tail reads as "no entry".
 */
public final class WalFrame {
    public static final int HEADER_SIZE = 8;

    private WalFrame() {
    }

    static int crc(ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    static void writeHeader(ByteBuffer target, int length, int crc) {
        target.putInt(length);
        target.putInt(crc);
    }
}
