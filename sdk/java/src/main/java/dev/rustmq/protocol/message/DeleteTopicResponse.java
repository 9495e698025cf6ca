package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/** Whether the topic was deleted (UNKNOWN_TOPIC_OR_PARTITION if there was none). */
public record DeleteTopicResponse(ErrorCode errorCode, String errorMessage) implements ResponseMessage {
    public DeleteTopicResponse {
        Check.notNull(errorCode, "errorCode");
    }

    public static DeleteTopicResponse success() {
        return new DeleteTopicResponse(ErrorCode.NONE, null);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPIC;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
    }

    public static DeleteTopicResponse readFrom(WireReader in) {
        return new DeleteTopicResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"));
    }

    public static DeleteTopicResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        DeleteTopicResponse response = readFrom(in);
        in.expectEnd("DELETE_TOPIC response");
        return response;
    }
}
