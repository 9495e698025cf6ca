package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Field offsets of the 47-byte batch header (docs/record-batch-format.md) and the CRC rule. */
final class BatchLayout {
    static final int BASE_OFFSET = 0;
    static final int BATCH_LENGTH = 8;
    static final int LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int FIRST_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int RECORD_COUNT = 43;
    static final int RECORDS = 47;

    static final int COMPRESSION_MASK = 0x07;

    private BatchLayout() {
    }

    /**
     * CRC-32C of everything from the attributes to the end of the batch. Base offset, batch length,
     * leader epoch and magic lie before it, so the broker can assign offsets and stamp its epoch
     * without recomputing the CRC.
     */
    static long crc(ByteBuffer batch, int sizeInBytes) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().limit(sizeInBytes).position(ATTRIBUTES));
        return crc.getValue();
    }
}
