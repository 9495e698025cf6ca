package dev.rustmq.replication;

import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import java.io.IOException;

/**
 * A follower's line to one leader broker: one fetch at a time, blocking the fetcher's thread.
 * Over TCP to the leader's {@code rpc_listen} port in a node; in-process (and lossy on purpose)
 * in the replication simulation.
 */
public interface ReplicaChannel extends AutoCloseable {
    /** Sends the fetch and waits up to {@code timeoutMs} for the answer; IOException when the leader cannot be reached. */
    ReplicaFetchResponse fetch(ReplicaFetchRequest request, long timeoutMs) throws IOException;

    @Override
    void close();
}
