package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * The outcome of a produce: the offset given to the first record of the first batch, and the
 * broker's append time (both -1 when unknown: on error, or with acks=none).
 */
public record ProduceResponse(ErrorCode errorCode, String errorMessage, long baseOffset, long logAppendTimeMs)
        implements ResponseMessage {
    public static final long UNKNOWN = -1;

    public ProduceResponse {
        Check.notNull(errorCode, "errorCode");
    }

    public static ProduceResponse success(long baseOffset, long logAppendTimeMs) {
        return new ProduceResponse(ErrorCode.NONE, null, baseOffset, logAppendTimeMs);
    }

    public static ProduceResponse error(ErrorCode errorCode, String errorMessage) {
        return new ProduceResponse(errorCode, errorMessage, UNKNOWN, UNKNOWN);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.int64(baseOffset);
        out.int64(logAppendTimeMs);
    }

    public static ProduceResponse readFrom(WireReader in) {
        return new ProduceResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"),
                in.int64("baseOffset"), in.int64("logAppendTimeMs"));
    }

    public static ProduceResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ProduceResponse response = readFrom(in);
        in.expectEnd("PRODUCE response");
        return response;
    }
}
