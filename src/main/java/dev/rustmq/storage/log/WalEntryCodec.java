package dev.rustmq.storage.log;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the partition logs put in the shared WAL: a type byte, the partition, then for a batch
 * the record batch exactly as it will be served.
 * <pre>
 * BATCH             [1][topic length int16][topic UTF-8][partition int32][record batch]
 * PARTITION_DELETED [2][topic length int16][topic UTF-8][partition int32]
 * TRUNCATED         [3][topic length int16][topic UTF-8][partition int32][new end offset int64]
 * </pre>
 */
final class WalEntryCodec {
    static final byte BATCH = 1;
    static final byte PARTITION_DELETED = 2;
    static final byte TRUNCATED = 3;

    private WalEntryCodec() {
    }

    /**
     * A decoded entry: its type, partition, for a batch where the batch starts in the payload, and
     * for a truncation the offset the log was cut back to.
     */
    record Entry(byte type, TopicPartition partition, int batchPosition, long truncatedTo) {
    }

    static ByteBuffer batch(TopicPartition tp, ByteBuffer batch) {
        byte[] topic = tp.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + topic.length + 4 + batch.remaining());
        out.put(BATCH).putShort((short) topic.length).put(topic).putInt(tp.partition()).put(batch.duplicate());
        return out.flip();
    }

    static ByteBuffer partitionDeleted(TopicPartition tp) {
        byte[] topic = tp.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + topic.length + 4);
        out.put(PARTITION_DELETED).putShort((short) topic.length).put(topic).putInt(tp.partition());
        return out.flip();
    }

    /** A follower cut its log of {@code tp} back to {@code endOffset}: replay cuts it again. */
    static ByteBuffer truncated(TopicPartition tp, long endOffset) {
        byte[] topic = tp.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + topic.length + 4 + 8);
        out.put(TRUNCATED).putShort((short) topic.length).put(topic).putInt(tp.partition()).putLong(endOffset);
        return out.flip();
    }

    /** The offset within a BATCH entry at which its record batch begins. */
    static int batchPosition(TopicPartition tp) {
        return 1 + 2 + tp.topic().getBytes(StandardCharsets.UTF_8).length + 4;
    }

    static Entry decode(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        try {
            byte type = in.get();
            if (type != BATCH && type != PARTITION_DELETED && type != TRUNCATED) {
                throw new CorruptRecordException("unknown WAL entry type " + type);
            }
            int length = in.getShort() & 0xffff;
            byte[] topic = new byte[length];
            in.get(topic);
            int partition = in.getInt();
            int batchPosition = in.position() - payload.position();
            long truncatedTo = type == TRUNCATED ? in.getLong() : -1;
            return new Entry(type, new TopicPartition(new String(topic, StandardCharsets.UTF_8), partition),
                    batchPosition, truncatedTo);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptRecordException("WAL entry is too short for its header");
        }
    }
}
