package dev.rustmq.storage.cache;

import dev.rustmq.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Keys and batch-sized buffers for the cache tests. */
final class CacheFixtures {
    static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private CacheFixtures() {
    }

    static CacheKey key(long baseOffset) {
        return new CacheKey(ORDERS_0, baseOffset);
    }

    static CacheKey key(TopicPartition tp, long baseOffset) {
        return new CacheKey(tp, baseOffset);
    }

    /** {@code size} bytes all equal to {@code fill}. */
    static ByteBuffer bytes(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    static byte[] contentOf(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
