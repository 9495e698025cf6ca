package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Field offsets of the batch header (docs/record-batch-format.md) and the CRC rule. Magic 1 and
 * magic 2 share their first 43 bytes; after maxTimestamp, magic 2 (Kafka's RecordBatch v2) has
 * the producer fields before recordCount, magic 1 goes straight on to recordCount.
 */
final class BatchLayout {
    // Both magics.
    static final int BASE_OFFSET = 0;
    static final int BATCH_LENGTH = 8;
    static final int LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int FIRST_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;

    // Magic 2.
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int V2_RECORD_COUNT = 57;
    static final int V2_RECORDS = 61;

    // Magic 1.
    static final int V1_RECORD_COUNT = 43;
    static final int V1_RECORDS = 47;

    /** Bits 0-2 of the attributes name the codec in both magics (with different ids). */
    static final int COMPRESSION_MASK = 0x07;
    /** Kafka's further attribute bits, magic 2 only: 1 = LogAppendTime, 0 = CreateTime. */
    static final int TIMESTAMP_TYPE_FLAG = 0x08;
    static final int TRANSACTIONAL_FLAG = 0x10;
    static final int CONTROL_FLAG = 0x20;
    static final int DELETE_HORIZON_FLAG = 0x40;

    private BatchLayout() {
    }

    /**
     * CRC-32C of everything from the attributes to the end of the batch, in both magics. Base
     * offset, batch length, leader epoch and magic lie before it, so the broker can assign offsets
     * and stamp its epoch without recomputing the CRC.
     */
    static long crc(ByteBuffer batch, int sizeInBytes) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().limit(sizeInBytes).position(ATTRIBUTES));
        return crc.getValue();
    }
}
