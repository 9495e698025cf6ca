package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/** Whether the topic was created (NONE once the controller has stored it; TOPIC_ALREADY_EXISTS, INVALID_*, NOT_CONTROLLER...). */
public record CreateTopicResponse(ErrorCode errorCode, String errorMessage) implements ResponseMessage {
    public CreateTopicResponse {
        Check.notNull(errorCode, "errorCode");
    }

    public static CreateTopicResponse success() {
        return new CreateTopicResponse(ErrorCode.NONE, null);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPIC;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
    }

    public static CreateTopicResponse readFrom(WireReader in) {
        return new CreateTopicResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"));
    }

    public static CreateTopicResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        CreateTopicResponse response = readFrom(in);
        in.expectEnd("CREATE_TOPIC response");
        return response;
    }
}
