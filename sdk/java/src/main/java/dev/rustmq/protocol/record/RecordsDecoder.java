package dev.rustmq.protocol.record;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Decodes a batch's records section, checking it against the header's count and timestamps. */
final class RecordsDecoder {
    private RecordsDecoder() {
    }

    static List<Record> decode(ByteBuffer section, BatchFormat format, CompressionType compression, int count,
            long firstTimestamp, long maxTimestamp, int maxUncompressedSize) {
        // Every record takes at least MIN_RECORD_SIZE bytes: a count the bytes cannot hold is
        // rejected before decompressing or sizing any list by it.
        long minSize = (long) count * RecordCodec.MIN_RECORD_SIZE;
        if (minSize > maxUncompressedSize) {
            throw new CorruptRecordException(count + " records need at least " + minSize
                    + " bytes, more than the limit of " + maxUncompressedSize);
        }
        ByteBuffer records = Compressions.decompress(format, compression, section, (int) minSize, maxUncompressedSize);
        if (records.remaining() < minSize) {
            throw new CorruptRecordException(count + " records need at least " + minSize
                    + " bytes, the section has " + records.remaining());
        }
        long max = Long.MIN_VALUE;
        List<Record> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!records.hasRemaining()) {
                throw new CorruptRecordException("header says " + count + " records, the section holds " + i);
            }
            Record record = RecordCodec.read(records, i, firstTimestamp);
            max = Math.max(max, record.timestamp());
            result.add(record);
        }
        if (records.hasRemaining()) {
            throw new CorruptRecordException(records.remaining() + " trailing bytes after the last of "
                    + count + " records");
        }
        if (max != maxTimestamp) {
            throw new CorruptRecordException("maxTimestamp is " + maxTimestamp
                    + " but the largest record timestamp is " + max);
        }
        return result;
    }
}
