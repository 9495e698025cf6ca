package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/** Which apis and versions the broker speaks, and its frame size limit. v0 is answered by every broker, forever. The body is empty. */
public record ApiVersionsRequest() implements RequestMessage {
    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void writeTo(WireWriter out) {
        // no fields
    }

    public static ApiVersionsRequest readFrom(WireReader in) {
        return new ApiVersionsRequest();
    }

    public static ApiVersionsRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ApiVersionsRequest request = readFrom(in);
        in.expectEnd("API_VERSIONS request");
        return request;
    }
}
