package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The version range of every api the broker speaks, by raw api key (a client ignores keys it
 * does not know), and the largest frame length it accepts, so a client can size its batches.
 */
public record ApiVersionsResponse(ErrorCode errorCode, String errorMessage, List<ApiVersion> apis,
        int maxFrameBytes) implements ResponseMessage {
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
        static final int BYTES = 6;
    }

    public ApiVersionsResponse {
        Check.notNull(errorCode, "errorCode");
        apis = List.copyOf(Check.notNull(apis, "apis"));
    }

    /** What this code supports, for a broker whose frame cap is {@code maxFrameBytes}. */
    public static ApiVersionsResponse ofThisBroker(int maxFrameBytes) {
        List<ApiVersion> apis = Arrays.stream(ApiKey.values())
                .map(k -> new ApiVersion(k.id(), k.minVersion(), k.maxVersion()))
                .toList();
        return new ApiVersionsResponse(ErrorCode.NONE, null, apis, maxFrameBytes);
    }

    /**
     * The version to use for {@code api}: the highest both this client and the broker speak.
     * {@code UNSUPPORTED_VERSION} if the broker does not list the api or the ranges do not meet.
     */
    public short versionToUse(ApiKey api) {
        for (ApiVersion v : apis) {
            if (v.apiKey() == api.id()) {
                return api.highestCommonVersion(v.minVersion(), v.maxVersion());
            }
        }
        throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "the broker does not support " + api);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.array(apis, (w, v) -> {
            w.int16(v.apiKey());
            w.int16(v.minVersion());
            w.int16(v.maxVersion());
        });
        out.int32(maxFrameBytes);
    }

    public static ApiVersionsResponse readFrom(WireReader in) {
        return new ApiVersionsResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"),
                in.requiredArray("apis", ApiVersion.BYTES,
                        r -> new ApiVersion(r.int16("apiKey"), r.int16("minVersion"), r.int16("maxVersion"))),
                in.int32("maxFrameBytes"));
    }

    public static ApiVersionsResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ApiVersionsResponse response = readFrom(in);
        in.expectEnd("API_VERSIONS response");
        return response;
    }
}
