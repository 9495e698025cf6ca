package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;

/**
 * An idempotent producer asks for its producer id and epoch (Kafka's InitProducerId without
 * transactions). Any broker answers; ids are unique in the cluster. The body is empty.
 */
public record InitProducerIdRequest() implements RequestMessage {
    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void writeTo(WireWriter out) {
        // no fields
    }

    public static InitProducerIdRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        in.expectEnd("INIT_PRODUCER_ID request");
        return new InitProducerIdRequest();
    }
}
