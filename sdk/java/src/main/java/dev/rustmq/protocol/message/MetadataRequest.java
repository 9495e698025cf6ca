package dev.rustmq.protocol.message;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;

/** The cluster's brokers and the named topics' partitions; {@code topics} null means every topic, empty none. */
public record MetadataRequest(List<String> topics) implements RequestMessage {
    public MetadataRequest {
        if (topics != null) {
            for (String topic : topics) {
                Check.notNull(topic, "topics element");
            }
            topics = List.copyOf(topics);
        }
    }

    public static MetadataRequest allTopics() {
        return new MetadataRequest(null);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.array(topics, WireWriter::string);
    }

    public static MetadataRequest readFrom(WireReader in) {
        return new MetadataRequest(in.array("topics", 2, r -> r.requiredString("topics element")));
    }

    public static MetadataRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        MetadataRequest request = readFrom(in);
        in.expectEnd("METADATA request");
        return request;
    }
}
