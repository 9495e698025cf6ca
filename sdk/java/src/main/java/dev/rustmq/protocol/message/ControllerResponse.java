package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The controller's answer to a {@link ControllerRequest}: an error code and message, and the result
 * as a UTF-8 JSON document ({@code null} when there is none). A standby answers
 * {@code NOT_CONTROLLER} with the active controller's id and address as its JSON.
 */
public record ControllerResponse(ErrorCode errorCode, String errorMessage, String json) implements ResponseMessage {
    public ControllerResponse {
        Check.notNull(errorCode, "errorCode");
        Check.notNull(json, "json");
    }

    public static ControllerResponse success(String json) {
        return new ControllerResponse(ErrorCode.NONE, null, json);
    }

    public static ControllerResponse error(ErrorCode code, String message) {
        return new ControllerResponse(code, message, "null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONTROLLER;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.bytes(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static ControllerResponse readFrom(WireReader in) {
        ErrorCode code = ErrorCode.forWireId(in.int16("errorCode"));
        String message = in.string("errorMessage");
        return new ControllerResponse(code, message, in.requiredText("json"));
    }

    public static ControllerResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ControllerResponse response = readFrom(in);
        in.expectEnd("CONTROLLER response");
        return response;
    }
}
