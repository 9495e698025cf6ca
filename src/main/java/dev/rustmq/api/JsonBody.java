package dev.rustmq.api;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body read strictly: it must be one JSON object with only known fields, each of the
 * right type, so a typo ({@code "partitions"}) or a quoted number is a 400 naming the field
 * rather than a silently applied default.
 */
final class JsonBody {
    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    static JsonBody parse(String text, Set<String> knownFields) {
        if (text == null || text.isBlank()) {
            throw invalid("the request body is empty; send a JSON object");
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            throw invalid("the request body is not valid JSON (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + "): " + e.getMessage());
        } catch (JsonException e) {
            throw invalid("the request body is not valid JSON: " + e.getMessage());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("the request body must be a JSON object");
        }
        JsonObject object = value.asJsonObject();
        for (String field : object.keySet()) {
            if (!knownFields.contains(field)) {
                throw invalid("unknown field \"" + field + "\"; known fields: " + knownFields.stream().sorted().toList());
            }
        }
        return new JsonBody(object);
    }

    boolean has(String field) {
        return object.containsKey(field) && object.get(field).getValueType() != JsonValue.ValueType.NULL;
    }

    String string(String field) {
        JsonValue v = object.get(field);
        if (!(v instanceof JsonString s)) {
            throw invalid("\"" + field + "\" must be a string");
        }
        return s.getString();
    }

    int integer(String field) {
        return (int) integer(object.get(field), field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    JsonObject object(String field) {
        JsonValue v = object.get(field);
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("\"" + field + "\" must be a JSON object");
        }
        return v.asJsonObject();
    }

    List<String> strings(String field) {
        JsonValue v = object.get(field);
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalid("\"" + field + "\" must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonValue item : v.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                throw invalid("\"" + field + "\" must be an array of strings");
            }
            result.add(s.getString());
        }
        return result;
    }

    /** An object of scalar values as strings; JSON null values stay null (meaning "remove"). */
    Map<String, String> scalarMap(String field) {
        Map<String, String> result = new LinkedHashMap<>();
        object(field).forEach((k, v) -> {
            switch (v.getValueType()) {
                case STRING -> result.put(k, ((JsonString) v).getString());
                case NUMBER -> result.put(k, v.toString());
                case NULL -> result.put(k, null);
                default -> throw invalid("\"" + field + "." + k + "\" must be a string or a number");
            }
        });
        return result;
    }

    static long integer(JsonValue v, String field, long min, long max) {
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw invalid("\"" + field + "\" must be an integer");
        }
        try {
            long value = n.longValueExact();
            if (value < min || value > max) {
                throw invalid("\"" + field + "\" is out of range");
            }
            return value;
        } catch (ArithmeticException e) {
            throw invalid("\"" + field + "\" is out of range");
        }
    }

    static RustMqException invalid(String message) {
        return new RustMqException(ErrorCode.INVALID_REQUEST, message);
    }
}
