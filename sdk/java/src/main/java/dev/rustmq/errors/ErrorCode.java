package dev.rustmq.errors;

/**
 * Error codes a caller can act on. The admin API returns them by name ({@code {"error": CODE}});
 * the binary protocol carries them as an int16 {@linkplain #wireId() wire id} (table and client
 * actions in docs/protocol.md).
 *
 * <p>Wire ids are forever: never renumber or reuse one, add new codes with new ids. A reader that
 * meets an id it does not know maps it to {@link #UNKNOWN_SERVER_ERROR}, so a broker may add
 * codes without a protocol version bump.
 */
public enum ErrorCode {
    INVALID_REQUEST(1, false, false),
    CORRUPT_MESSAGE(3, false, false),
    RECORD_TOO_LARGE(4, false, false),
    STORAGE_ERROR(11, true, true),
    WAL_FULL(12, true, false),
    REQUEST_TIMED_OUT(9, true, false),
    OFFSET_OUT_OF_RANGE(10, false, false),
    INVALID_TOPIC_NAME(13, false, false),
    INVALID_PARTITIONS(14, false, false),
    INVALID_REPLICATION_FACTOR(15, false, false),
    INVALID_CONFIG(16, false, false),
    TOPIC_ALREADY_EXISTS(17, false, false),
    UNKNOWN_TOPIC_OR_PARTITION(5, true, true),
    NOT_FOUND(21, false, false),
    METHOD_NOT_ALLOWED(22, false, false),
    UNSUPPORTED_MEDIA_TYPE(23, false, false),
    NOT_CONTROLLER(18, true, true),
    METADATA_STORE_UNAVAILABLE(19, true, false),
    /** The server failed in a way it did not expect; the message has a reference for its log. */
    INTERNAL_ERROR(20, false, false),

    /** Success. Only the binary protocol sends it; never the code of a thrown exception. */
    NONE(0, false, false),
    /** An error code this reader does not know (a newer peer's), or an unclassified server error. */
    UNKNOWN_SERVER_ERROR(-1, false, false),
    /** The api key or version of a request is not one the broker supports. */
    UNSUPPORTED_VERSION(2, false, false),
    /** This broker is not the partition's leader: refresh metadata and send to the leader. */
    NOT_LEADER(6, true, true),
    /** The partition has no leader right now (election in progress): refresh metadata, back off, retry. */
    LEADER_NOT_AVAILABLE(7, true, true),
    /** acks=all and fewer in-sync replicas than min_in_sync_replicas; nothing was appended. */
    NOT_ENOUGH_REPLICAS(8, true, false),
    /**
     * acks=all: the batch was appended by the leader but its in-sync replicas did not all confirm
     * it within {@code ack_timeout_ms} (or the in-sync set fell below the minimum): the records may
     * exist. Retrying may write them twice unless the producer is idempotent.
     */
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(24, true, false),
    /** The request's leader epoch is older than the partition's: the sender's metadata is stale. */
    FENCED_LEADER_EPOCH(25, true, true),
    /** The request's leader epoch is newer than this broker knows: its metadata is catching up; retry. */
    UNKNOWN_LEADER_EPOCH(26, true, false),
    /** An idempotent producer's epoch is older than one that already wrote: another instance took over. Fatal. */
    INVALID_PRODUCER_EPOCH(27, false, false),
    /** An idempotent producer's batch does not continue its sequence on the partition (batches were lost or reordered). */
    OUT_OF_ORDER_SEQUENCE_NUMBER(28, false, false),
    /** A rebalance (or drain) is already running: wait for it, or cancel it, before starting another. */
    REBALANCE_IN_PROGRESS(29, false, false);

    private static final ErrorCode[] BY_WIRE_ID;

    static {
        int max = 0;
        for (ErrorCode code : values()) {
            max = Math.max(max, code.wireId);
        }
        BY_WIRE_ID = new ErrorCode[max + 1];
        for (ErrorCode code : values()) {
            if (code.wireId >= 0) {
                if (BY_WIRE_ID[code.wireId] != null) {
                    throw new ExceptionInInitializerError("wire id " + code.wireId + " used twice");
                }
                BY_WIRE_ID[code.wireId] = code;
            }
        }
    }

    private final short wireId;
    private final boolean retriable;
    private final boolean invalidatesMetadata;

    ErrorCode(int wireId, boolean retriable, boolean invalidatesMetadata) {
        this.wireId = (short) wireId;
        this.retriable = retriable;
        this.invalidatesMetadata = invalidatesMetadata;
    }

    /** The int16 the binary protocol carries; stable across releases. */
    public short wireId() {
        return wireId;
    }

    /** The code for a wire id; an id this reader does not know is {@link #UNKNOWN_SERVER_ERROR}. */
    public static ErrorCode forWireId(int wireId) {
        if (wireId >= 0 && wireId < BY_WIRE_ID.length && BY_WIRE_ID[wireId] != null) {
            return BY_WIRE_ID[wireId];
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /** Whether sending the same request again (after a back-off) may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** Whether the client's cached metadata (leaders, controller) is probably stale: refresh before retrying. */
    public boolean invalidatesMetadata() {
        return invalidatesMetadata;
    }
}
