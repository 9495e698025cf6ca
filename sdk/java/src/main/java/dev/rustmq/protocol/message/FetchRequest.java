package dev.rustmq.protocol.message;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * Read batches of one partition from {@code fetchOffset}. The broker answers once it has at
 * least {@code minBytes} of batches (0: at once; 1: as soon as there is anything) or
 * {@code maxWaitMs} has passed, with up to about {@code maxBytes} of whole batches — at least
 * one whole batch even if larger, so a consumer always makes progress.
 */
public record FetchRequest(String topic, int partition, long fetchOffset, int maxBytes, int minBytes, int maxWaitMs)
        implements RequestMessage {
    public FetchRequest {
        Check.notNull(topic, "topic");
        Check.nonNegative(maxBytes, "maxBytes");
        Check.nonNegative(minBytes, "minBytes");
        Check.nonNegative(maxWaitMs, "maxWaitMs");
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(topic);
        out.int32(partition);
        out.int64(fetchOffset);
        out.int32(maxBytes);
        out.int32(minBytes);
        out.int32(maxWaitMs);
    }

    public static FetchRequest readFrom(WireReader in) {
        return new FetchRequest(in.requiredString("topic"), in.int32("partition"), in.int64("fetchOffset"),
                in.int32("maxBytes"), in.int32("minBytes"), in.int32("maxWaitMs"));
    }

    public static FetchRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        FetchRequest request = readFrom(in);
        in.expectEnd("FETCH request");
        return request;
    }
}
