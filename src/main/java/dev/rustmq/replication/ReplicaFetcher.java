package dev.rustmq.replication;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import java.io.IOException;
import java.util.List;

/**
 * One follower's fetches from one leader broker: each round asks for every partition it copies
 * from that leader, from where its durable copy ends, and applies the answers. The thread that
 * repeats rounds is {@link ReplicaFetchers}'; the simulation calls {@link #runOnce} itself.
 */
public final class ReplicaFetcher {
    /** What one round did. */
    public enum Round {
        /** This broker follows nothing from the leader now. */
        IDLE,
        /** Every partition came back with an error (stale metadata on one side): back off. */
        REFUSED,
        /** At least one partition was answered. */
        FETCHED
    }

    private final ReplicaManager replicas;
    private final String leaderId;
    private final ReplicaChannel channel;
    private final int maxBytes;
    private final int maxWaitMs;
    private final long requestTimeoutMs;

    public ReplicaFetcher(ReplicaManager replicas, String leaderId, ReplicaChannel channel, int maxBytes, int maxWaitMs,
                          long requestTimeoutMs) {
        this.replicas = replicas;
        this.leaderId = leaderId;
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.maxWaitMs = maxWaitMs;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    public String leaderId() {
        return leaderId;
    }

    /** One fetch round. IOException when the leader could not be reached or refused the whole request. */
    public Round runOnce() throws IOException {
        List<ReplicaFetchRequest.Partition> positions = replicas.fetchPositions(leaderId, maxBytes);
        if (positions.isEmpty()) {
            return Round.IDLE;
        }
        ReplicaFetchResponse response = channel.fetch(new ReplicaFetchRequest(replicas.brokerId(), maxWaitMs,
                positions), maxWaitMs + requestTimeoutMs);
        if (response.errorCode() != ErrorCode.NONE) {
            throw new IOException("leader " + leaderId + " refused the fetch: " + response.errorCode() + " "
                    + response.errorMessage());
        }
        boolean answered = false;
        for (ReplicaFetchResponse.Partition p : response.partitions()) {
            replicas.applyFetched(leaderId, p);
            answered |= p.errorCode() == ErrorCode.NONE;
        }
        return answered ? Round.FETCHED : Round.REFUSED;
    }

    void close() {
        channel.close();
    }
}
