package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;

/** Every topic with its partition count, sorted by name. */
public record ListTopicsResponse(ErrorCode errorCode, String errorMessage, List<Topic> topics)
        implements ResponseMessage {
    public record Topic(String name, int partitionCount) {
        static final int MIN_BYTES = 2 + 4;

        public Topic {
            Check.notNull(name, "topic name");
        }
    }

    public ListTopicsResponse {
        Check.notNull(errorCode, "errorCode");
        topics = List.copyOf(Check.notNull(topics, "topics"));
    }

    public static ListTopicsResponse success(List<Topic> topics) {
        return new ListTopicsResponse(ErrorCode.NONE, null, topics);
    }

    public static ListTopicsResponse error(ErrorCode errorCode, String errorMessage) {
        return new ListTopicsResponse(errorCode, errorMessage, List.of());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_TOPICS;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.array(topics, (w, t) -> {
            w.string(t.name());
            w.int32(t.partitionCount());
        });
    }

    public static ListTopicsResponse readFrom(WireReader in) {
        return new ListTopicsResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"),
                in.requiredArray("topics", Topic.MIN_BYTES,
                        r -> new Topic(r.requiredString("topic name"), r.int32("partitionCount"))));
    }

    public static ListTopicsResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ListTopicsResponse response = readFrom(in);
        in.expectEnd("LIST_TOPICS response");
        return response;
    }
}
