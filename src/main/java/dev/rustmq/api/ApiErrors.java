package dev.rustmq.api;

import dev.rustmq.errors.ErrorCode;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one error shape of the admin API: {@code {"error": CODE, "message": TEXT}}, never a stack trace. */
final class ApiErrors {
    private ApiErrors() {
    }

    static Response response(ErrorCode code, String message) {
        return Response.status(status(code))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", code.name()).add("message", message).build().toString())
                .build();
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, INVALID_TOPIC_NAME, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR,
                 INVALID_CONFIG, CORRUPT_MESSAGE, RECORD_TOO_LARGE, OFFSET_OUT_OF_RANGE, UNSUPPORTED_VERSION -> 400;
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case TOPIC_ALREADY_EXISTS, INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER, REBALANCE_IN_PROGRESS -> 409;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case NOT_CONTROLLER, METADATA_STORE_UNAVAILABLE, WAL_FULL, REQUEST_TIMED_OUT, NOT_LEADER,
                 LEADER_NOT_AVAILABLE, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, FENCED_LEADER_EPOCH,
                 UNKNOWN_LEADER_EPOCH -> 503;
            // NONE is success and never the code of an error response; reaching here is a bug.
            case INTERNAL_ERROR, STORAGE_ERROR, UNKNOWN_SERVER_ERROR, NONE -> 500;
        };
    }
}
