package dev.rustmq.protocol.message;

import dev.rustmq.errors.ProtocolException;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create a topic. {@code partitions} and {@code replicationFactor} may be {@link #DEFAULT} (-1)
 * for the cluster's defaults. {@code configs} holds the topic's other settings by name, as the
 * admin API names them (docs/protocol.md, "CreateTopic"); the controller validates names and
 * values (INVALID_CONFIG), not this codec.
 */
public record CreateTopicRequest(String name, int partitions, int replicationFactor, Map<String, String> configs)
        implements RequestMessage {
    public static final int DEFAULT = -1;

    public CreateTopicRequest {
        Check.notNull(name, "name");
        if (partitions < DEFAULT) {
            throw ProtocolException.invalid("partitions is " + partitions + "; it must be -1 (default) or more");
        }
        if (replicationFactor < DEFAULT) {
            throw ProtocolException.invalid("replicationFactor is " + replicationFactor
                    + "; it must be -1 (default) or more");
        }
        Check.notNull(configs, "configs");
        configs.forEach((k, v) -> {
            Check.notNull(k, "configs key");
            Check.notNull(v, "configs[" + k + "]");
        });
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    public CreateTopicRequest(String name, int partitions, int replicationFactor) {
        this(name, partitions, replicationFactor, Map.of());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPIC;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(name);
        out.int32(partitions);
        out.int32(replicationFactor);
        out.stringMap(configs);
    }

    public static CreateTopicRequest readFrom(WireReader in) {
        return new CreateTopicRequest(in.requiredString("name"), in.int32("partitions"),
                in.int32("replicationFactor"), in.stringMap("configs"));
    }

    public static CreateTopicRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        CreateTopicRequest request = readFrom(in);
        in.expectEnd("CREATE_TOPIC request");
        return request;
    }
}
