package dev.rustmq.errors;

/**
 * Error codes a caller can act on. The admin API returns them as {@code {"error": CODE}};
 * the binary protocol will carry the same names.
 */
public enum ErrorCode {
    INVALID_REQUEST,
    CORRUPT_MESSAGE,
    RECORD_TOO_LARGE,
    STORAGE_ERROR,
    WAL_FULL,
    REQUEST_TIMED_OUT,
    OFFSET_OUT_OF_RANGE,
    INVALID_TOPIC_NAME,
    INVALID_PARTITIONS,
    INVALID_REPLICATION_FACTOR,
    INVALID_CONFIG,
    TOPIC_ALREADY_EXISTS,
    UNKNOWN_TOPIC_OR_PARTITION,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    UNSUPPORTED_MEDIA_TYPE,
    NOT_CONTROLLER,
    METADATA_STORE_UNAVAILABLE,
    INTERNAL_ERROR
}
