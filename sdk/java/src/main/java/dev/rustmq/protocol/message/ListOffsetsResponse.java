package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * The offset found and, for a lookup by time, the timestamp of the record there. {@code offset}
 * is -1 if no record is at or after the asked time; {@code timestamp} is -1 for EARLIEST and
 * LATEST, and on error.
 */
public record ListOffsetsResponse(ErrorCode errorCode, String errorMessage, long offset, long timestamp)
        implements ResponseMessage {
    public static final long UNKNOWN = -1;

    public ListOffsetsResponse {
        Check.notNull(errorCode, "errorCode");
    }

    public static ListOffsetsResponse success(long offset, long timestamp) {
        return new ListOffsetsResponse(ErrorCode.NONE, null, offset, timestamp);
    }

    public static ListOffsetsResponse error(ErrorCode errorCode, String errorMessage) {
        return new ListOffsetsResponse(errorCode, errorMessage, UNKNOWN, UNKNOWN);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.int64(offset);
        out.int64(timestamp);
    }

    public static ListOffsetsResponse readFrom(WireReader in) {
        return new ListOffsetsResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"),
                in.int64("offset"), in.int64("timestamp"));
    }

    public static ListOffsetsResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ListOffsetsResponse response = readFrom(in);
        in.expectEnd("LIST_OFFSETS response");
        return response;
    }
}
