package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.BatchLayout.COMPRESSION_MASK;
import static dev.rustmq.protocol.record.BatchLayout.CONTROL_FLAG;
import static dev.rustmq.protocol.record.BatchLayout.DELETE_HORIZON_FLAG;
import static dev.rustmq.protocol.record.BatchLayout.TIMESTAMP_TYPE_FLAG;
import static dev.rustmq.protocol.record.BatchLayout.TRANSACTIONAL_FLAG;

import dev.rustmq.errors.CorruptRecordException;

/**
 * The batch formats a reader accepts, told apart by the magic byte: where the record count and
 * the records start, which attribute bits may be set, and how the codec is numbered and framed.
 */
enum BatchFormat {
    /**
     * RustMQ's format before Kafka compatibility: still read and served (WAL files and segments
     * written by earlier versions hold it, and the broker accepts it from older producers), never
     * written. Codec ids 1 = lz4 (a length-prefixed block), 2 = zstd; no other attribute bits.
     */
    V1(RecordBatch.MAGIC_V1, BatchLayout.V1_RECORD_COUNT, BatchLayout.V1_RECORDS) {
        @Override
        CompressionType codec(int codecId) {
            return switch (codecId) {
                case 0 -> CompressionType.NONE;
                case 1 -> CompressionType.LZ4;
                case 2 -> CompressionType.ZSTD;
                default -> throw new CorruptRecordException("unknown compression codec id " + codecId);
            };
        }

        @Override
        int codecId(CompressionType codec) {
            return switch (codec) {
                case NONE -> 0;
                case LZ4 -> 1;
                case ZSTD -> 2;
            };
        }

        @Override
        void checkFlags(int attributes) {
            if ((attributes & ~COMPRESSION_MASK) != 0) {
                throw unknownBits(attributes & ~COMPRESSION_MASK);
            }
        }
    },

    /**
     * Kafka's RecordBatch v2, what builders write. Codec ids are Kafka's (0 none, 3 lz4 frame,
     * 4 zstd). Bits 3-6 are Kafka's timestamp type, transactional, control and delete-horizon
     * flags: a batch that sets one is refused by name until the broker implements it, rather than
     * stored and served with the meaning dropped.
     */
    V2(RecordBatch.MAGIC_V2, BatchLayout.V2_RECORD_COUNT, BatchLayout.V2_RECORDS) {
        @Override
        CompressionType codec(int codecId) {
            return CompressionType.forId(codecId);
        }

        @Override
        int codecId(CompressionType codec) {
            return codec.id();
        }

        @Override
        void checkFlags(int attributes) {
            int known = COMPRESSION_MASK | TIMESTAMP_TYPE_FLAG | TRANSACTIONAL_FLAG | CONTROL_FLAG | DELETE_HORIZON_FLAG;
            if ((attributes & ~known) != 0) {
                throw unknownBits(attributes & ~known);
            }
            if ((attributes & TIMESTAMP_TYPE_FLAG) != 0) {
                throw unsupported("the LogAppendTime timestamp type (attribute bit 3) is");
            }
            if ((attributes & TRANSACTIONAL_FLAG) != 0) {
                throw unsupported("transactional batches (attribute bit 4) are");
            }
            if ((attributes & CONTROL_FLAG) != 0) {
                throw unsupported("control batches (attribute bit 5) are");
            }
            if ((attributes & DELETE_HORIZON_FLAG) != 0) {
                throw unsupported("a delete horizon (attribute bit 6) is");
            }
        }
    };

    private final byte magic;
    private final int recordCountOffset;
    private final int headerSize;

    BatchFormat(byte magic, int recordCountOffset, int headerSize) {
        this.magic = magic;
        this.recordCountOffset = recordCountOffset;
        this.headerSize = headerSize;
    }

    /** The format with this magic; any other magic is a corrupt or foreign batch. */
    static BatchFormat of(byte magic) {
        return switch (magic) {
            case RecordBatch.MAGIC_V1 -> V1;
            case RecordBatch.MAGIC_V2 -> V2;
            default -> throw new CorruptRecordException("magic is " + magic + ", expected "
                    + RecordBatch.MAGIC_V1 + " or " + RecordBatch.MAGIC_V2);
        };
    }

    byte magic() {
        return magic;
    }

    int recordCountOffset() {
        return recordCountOffset;
    }

    /** Bytes before the records section; where the records start. */
    int headerSize() {
        return headerSize;
    }

    /** The codec with this id (attribute bits 0-2) in this format. */
    abstract CompressionType codec(int codecId);

    abstract int codecId(CompressionType codec);

    /** Throws {@link CorruptRecordException} if attribute bits other than the codec's are set that this version cannot honour. */
    abstract void checkFlags(int attributes);

    /** The attributes and the codec they name, checked: {@link CorruptRecordException} if either is not readable. */
    CompressionType checkAttributes(short attributes) {
        checkFlags(attributes & 0xFFFF);
        return codec(attributes & COMPRESSION_MASK);
    }

    private static CorruptRecordException unknownBits(int bits) {
        return new CorruptRecordException(String.format("unknown attribute bits 0x%04x", bits));
    }

    private static CorruptRecordException unsupported(String what) {
        return new CorruptRecordException(what + " not supported yet");
    }
}
