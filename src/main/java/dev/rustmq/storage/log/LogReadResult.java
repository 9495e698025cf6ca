package dev.rustmq.storage.log;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Whole batches from a fetch offset (the first may start before it, as in Kafka: the consumer
 * skips records below its offset), and the partition's bounds at read time.
 */
public record LogReadResult(List<ByteBuffer> batches, long logStartOffset, long highWatermark, long logEndOffset) {
    public int sizeInBytes() {
        return batches.stream().mapToInt(ByteBuffer::remaining).sum();
    }
}
