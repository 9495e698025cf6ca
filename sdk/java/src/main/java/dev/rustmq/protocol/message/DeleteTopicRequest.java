package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/** Delete a topic and its data. */
public record DeleteTopicRequest(String name) implements RequestMessage {
    public DeleteTopicRequest {
        Check.notNull(name, "name");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPIC;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(name);
    }

    public static DeleteTopicRequest readFrom(WireReader in) {
        return new DeleteTopicRequest(in.requiredString("name"));
    }

    public static DeleteTopicRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        DeleteTopicRequest request = readFrom(in);
        in.expectEnd("DELETE_TOPIC request");
        return request;
    }
}
