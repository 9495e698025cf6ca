package dev.rustmq.protocol.message;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * Append record batches to one partition. {@code records} is one or more record batches back to
 * back (docs/record-batch-format.md), carried unchanged; decoded, it is a view of the frame's
 * bytes, so the broker can stamp offsets into it in place.
 */
public record ProduceRequest(String topic, int partition, Acks acks, int timeoutMs, ByteBuffer records)
        implements RequestMessage {
    public ProduceRequest {
        Check.notNull(topic, "topic");
        Check.notNull(acks, "acks");
        Check.nonNegative(timeoutMs, "timeoutMs");
        records = Check.notNull(records, "records").slice();
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** A view of the record bytes (position 0); moving it does not change the request. */
    @Override
    public ByteBuffer records() {
        return records.duplicate();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(topic);
        out.int32(partition);
        out.int8(acks.wireValue());
        out.int32(timeoutMs);
        out.bytes(records);
    }

    public static ProduceRequest readFrom(WireReader in) {
        return new ProduceRequest(in.requiredString("topic"), in.int32("partition"),
                Acks.forWireValue(in.int8("acks")), in.int32("timeoutMs"), in.requiredBytes("records"));
    }

    /** Decodes a whole body; bytes after the last field are {@code INVALID_REQUEST}. */
    public static ProduceRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ProduceRequest request = readFrom(in);
        in.expectEnd("PRODUCE request");
        return request;
    }
}
