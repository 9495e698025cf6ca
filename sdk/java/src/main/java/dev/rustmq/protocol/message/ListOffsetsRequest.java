package dev.rustmq.protocol.message;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * Look up an offset of one partition: {@link #EARLIEST} (the log start offset), {@link #LATEST}
 * (the high watermark, where the next visible record will go), or a timestamp in ms (the first
 * offset whose record timestamp is at or after it).
 */
public record ListOffsetsRequest(String topic, int partition, long timestamp) implements RequestMessage {
    public static final long EARLIEST = -2;
    public static final long LATEST = -1;

    public ListOffsetsRequest {
        Check.notNull(topic, "topic");
        if (timestamp < EARLIEST) {
            throw ProtocolException.invalid("timestamp " + timestamp
                    + " is neither a time in ms nor -1 (latest) or -2 (earliest)");
        }
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(topic);
        out.int32(partition);
        out.int64(timestamp);
    }

    public static ListOffsetsRequest readFrom(WireReader in) {
        return new ListOffsetsRequest(in.requiredString("topic"), in.int32("partition"), in.int64("timestamp"));
    }

    public static ListOffsetsRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ListOffsetsRequest request = readFrom(in);
        in.expectEnd("LIST_OFFSETS request");
        return request;
    }
}
