package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/** The names and partition counts of all topics. The body is empty. */
public record ListTopicsRequest() implements RequestMessage {
    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_TOPICS;
    }

    @Override
    public void writeTo(WireWriter out) {
        // no fields
    }

    public static ListTopicsRequest readFrom(WireReader in) {
        return new ListTopicsRequest();
    }

    public static ListTopicsRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ListTopicsRequest request = readFrom(in);
        in.expectEnd("LIST_TOPICS request");
        return request;
    }
}
