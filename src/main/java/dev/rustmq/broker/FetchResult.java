package dev.rustmq.broker;

import java.nio.ByteBuffer;
import java.util.List;

/** Whole record batches from the fetch offset, and the partition's bounds when they were read. */
public record FetchResult(List<ByteBuffer> batches, long highWatermark, long logStartOffset) {
    public int sizeInBytes() {
        return batches.stream().mapToInt(ByteBuffer::remaining).sum();
    }
}
