package dev.rustmq.metadata;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;

/**
 * A write carried a leader epoch older than one the partition has already seen (a newer leader
 * took over): the stale leader's write is refused. Clients see NOT_LEADER and refresh metadata.
 */
public class FencedLeaderEpochException extends RustMqException {
    public FencedLeaderEpochException(String message) {
        super(ErrorCode.NOT_LEADER, message);
    }
}
