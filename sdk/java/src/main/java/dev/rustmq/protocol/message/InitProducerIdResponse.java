package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import dev.rustmq.protocol.record.ProducerFields;
import java.nio.ByteBuffer;

/** A producer id unique in the cluster and its epoch (-1 and -1 on error). */
public record InitProducerIdResponse(ErrorCode errorCode, String errorMessage, long producerId, short producerEpoch)
        implements ResponseMessage {
    public InitProducerIdResponse {
        Check.notNull(errorCode, "errorCode");
    }

    public static InitProducerIdResponse success(long producerId, short producerEpoch) {
        return new InitProducerIdResponse(ErrorCode.NONE, null, producerId, producerEpoch);
    }

    public static InitProducerIdResponse error(ErrorCode errorCode, String errorMessage) {
        return new InitProducerIdResponse(errorCode, errorMessage, ProducerFields.NO_PRODUCER_ID,
                ProducerFields.NO_PRODUCER_EPOCH);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.int64(producerId);
        out.int16(producerEpoch);
    }

    public static InitProducerIdResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        InitProducerIdResponse response = new InitProducerIdResponse(ErrorCode.forWireId(in.int16("errorCode")),
                in.string("errorMessage"), in.int64("producerId"), in.int16("producerEpoch"));
        in.expectEnd("INIT_PRODUCER_ID response");
        return response;
    }
}
