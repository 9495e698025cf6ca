package dev.rustmq.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/**
 * The JSON of controller calls (docs/protocol.md, "Controller"): the metadata records as they are
 * stored, unknown fields ignored so either side may be a version ahead. A body that does not
 * parse is the caller's {@code INVALID_REQUEST}, never a server failure.
 */
final class RpcJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RpcJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    private static RustMqException invalid(JsonProcessingException e) {
        return new RustMqException(ErrorCode.INVALID_REQUEST, "controller call body is not valid: "
                + e.getOriginalMessage());
    }
}
