package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A broker's call to the active controller (docs/protocol.md, "CONTROLLER"): a method name
 * ({@code register}, {@code heartbeat}, {@code topic}, {@code replace_manifest} …) and its
 * arguments as a UTF-8 JSON document. Metadata calls are few and small next to the data path, so
 * one envelope with JSON arguments keeps every controller operation on one api.
 */
public record ControllerRequest(String method, String json) implements RequestMessage {
    public ControllerRequest {
        Check.notNull(method, "method");
        Check.notNull(json, "json");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CONTROLLER;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(method);
        out.bytes(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static ControllerRequest readFrom(WireReader in) {
        String method = in.requiredString("method");
        return new ControllerRequest(method, in.requiredText("json"));
    }

    public static ControllerRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ControllerRequest request = readFrom(in);
        in.expectEnd("CONTROLLER request");
        return request;
    }
}
