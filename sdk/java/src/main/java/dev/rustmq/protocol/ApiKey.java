package dev.rustmq.protocol;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.ProtocolException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The APIs of the binary protocol, with their int16 ids (stable forever) and the versions this
 * code reads and writes. A client learns the broker's ranges with {@link #API_VERSIONS} and uses
 * the highest version both sides support (docs/protocol.md, "Versioning").
 */
public enum ApiKey {
    API_VERSIONS(0, 0, 0),
    METADATA(1, 0, 0),
    PRODUCE(2, 0, 0),
    FETCH(3, 0, 0),
    LIST_OFFSETS(4, 0, 0),
    CREATE_TOPIC(5, 0, 0),
    DELETE_TOPIC(6, 0, 0),
    LIST_TOPICS(7, 0, 0),
    /** Inter-node: a broker's call to the active controller on its {@code rpc_listen} port (docs/protocol.md). */
    CONTROLLER(8, 0, 0),
    /** Inter-broker: a follower's fetch from a partition's leader on its {@code rpc_listen} port (docs/protocol.md). */
    REPLICA_FETCH(9, 0, 0),
    /** An idempotent producer's id and epoch (docs/protocol.md). */
    INIT_PRODUCER_ID(10, 0, 0);

    private static final ApiKey[] BY_ID;

    static {
        BY_ID = new ApiKey[values().length];
        for (ApiKey key : values()) {
            if (key.id >= BY_ID.length || BY_ID[key.id] != null) {
                throw new ExceptionInInitializerError("api ids must be 0..n-1 without gaps: " + key);
            }
            BY_ID[key.id] = key;
        }
    }

    private final short id;
    private final short minVersion;
    private final short maxVersion;

    ApiKey(int id, int minVersion, int maxVersion) {
        this.id = (short) id;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    public short id() {
        return id;
    }

    /** The oldest version this code reads and writes. */
    public short minVersion() {
        return minVersion;
    }

    /** The newest version this code reads and writes. */
    public short maxVersion() {
        return maxVersion;
    }

    public boolean isSupported(int version) {
        return version >= minVersion && version <= maxVersion;
    }

    /** The api with this id; {@link ErrorCode#UNSUPPORTED_VERSION} naming the supported ones if none. */
    public static ApiKey forId(int id) {
        if (id >= 0 && id < BY_ID.length) {
            return BY_ID[id];
        }
        throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                "unknown api key " + id + "; supported: " + describeAll());
    }

    /** Returns {@code version} if supported, else {@link ErrorCode#UNSUPPORTED_VERSION} naming the range. */
    public short checkVersion(int version) {
        if (!isSupported(version)) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    this + " version " + version + " is not supported; supported: " + describeRange());
        }
        return (short) version;
    }

    /** The api and version of a frame header, checked: {@link ErrorCode#UNSUPPORTED_VERSION} if either is unknown. */
    public static ApiKey resolve(int id, int version) {
        ApiKey key = forId(id);
        key.checkVersion(version);
        return key;
    }

    /**
     * The highest version both this code and a peer supporting [{@code peerMin}, {@code peerMax}]
     * speak; {@link ErrorCode#UNSUPPORTED_VERSION} if the ranges do not overlap.
     */
    public short highestCommonVersion(int peerMin, int peerMax) {
        int high = Math.min(maxVersion, peerMax);
        int low = Math.max(minVersion, peerMin);
        if (high < low || peerMin > peerMax) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, this + ": the peer supports versions "
                    + peerMin + "-" + peerMax + ", this client " + describeRange() + "; no version in common");
        }
        return (short) high;
    }

    private String describeRange() {
        return minVersion == maxVersion ? "v" + minVersion : "v" + minVersion + "-v" + maxVersion;
    }

    private static String describeAll() {
        return Arrays.stream(values())
                .map(k -> k.id + " " + k.name() + " " + k.describeRange())
                .collect(Collectors.joining(", "));
    }
}
