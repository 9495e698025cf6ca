package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * Whole record batches back to back, as stored (empty if none), with the partition's high
 * watermark (the first offset not yet visible to consumers) and log start offset (the first still
 * kept). On error both offsets are -1 and {@code records} is empty. Decoded, {@code records} is a
 * view of the frame's bytes; {@code RecordBatches.split} cuts it into batches.
 */
public record FetchResponse(ErrorCode errorCode, String errorMessage, long highWatermark, long logStartOffset,
        ByteBuffer records) implements ResponseMessage {
    public static final long UNKNOWN = -1;

    public FetchResponse {
        Check.notNull(errorCode, "errorCode");
        records = Check.notNull(records, "records").slice();
    }

    public static FetchResponse success(long highWatermark, long logStartOffset, ByteBuffer records) {
        return new FetchResponse(ErrorCode.NONE, null, highWatermark, logStartOffset, records);
    }

    public static FetchResponse error(ErrorCode errorCode, String errorMessage) {
        return new FetchResponse(errorCode, errorMessage, UNKNOWN, UNKNOWN, ByteBuffer.allocate(0));
    }

    /** A view of the record bytes (position 0); moving it does not change the response. */
    @Override
    public ByteBuffer records() {
        return records.duplicate();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.int64(highWatermark);
        out.int64(logStartOffset);
        out.bytes(records);
    }

    public static FetchResponse readFrom(WireReader in) {
        return new FetchResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"),
                in.int64("highWatermark"), in.int64("logStartOffset"), in.requiredBytes("records"));
    }

    public static FetchResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        FetchResponse response = readFrom(in);
        in.expectEnd("FETCH response");
        return response;
    }
}
