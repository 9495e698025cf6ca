package dev.rustmq.protocol.message;

import dev.rustmq.errors.ProtocolException;

/** How much of a produce must be done before the broker answers; an int8 on the wire. */
public enum Acks {
    /** Answer once the batch is validated and handed to the leader's log; nothing is durable yet. */
    NONE((byte) 0),
    /** Answer once the leader has the batch in its WAL (fsync'd if fsync_on_write). */
    LEADER((byte) 1),
    /** Answer once min_in_sync_replicas replicas have it; else NOT_ENOUGH_REPLICAS. */
    ALL((byte) -1);

    private final byte wireValue;

    Acks(byte wireValue) {
        this.wireValue = wireValue;
    }

    public byte wireValue() {
        return wireValue;
    }

    public static Acks forWireValue(int value) {
        for (Acks acks : values()) {
            if (acks.wireValue == value) {
                return acks;
            }
        }
        throw ProtocolException.invalid("acks " + value + " is not one of 0 (none), 1 (leader), -1 (all)");
    }
}
