package dev.rustmq.protocol;

import java.nio.ByteBuffer;

/**
 * One request as the {@link FrameDecoder} cut it from the stream: the header fields raw (the api
 * key and version are not checked yet, so a server can still answer an unsupported request with
 * its correlation id) and the body as a view of the frame's bytes.
 */
public record RequestFrame(short apiKeyId, short apiVersion, int correlationId, ByteBuffer body) {
    /** The api, checked: {@code UNSUPPORTED_VERSION} if the key or version is unknown to this code. */
    public ApiKey apiKey() {
        return ApiKey.resolve(apiKeyId, apiVersion);
    }

    /** A new view of the body (position 0); the frame's own is never moved. */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }
}
