package dev.rustmq.rpc;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ResponseFrame;
import dev.rustmq.protocol.message.ReplicaFetchRequest;
import dev.rustmq.protocol.message.ReplicaFetchResponse;
import dev.rustmq.replication.ReplicaChannel;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A follower's connection to one leader broker's {@code rpc_listen} port (docs/replication.md),
 * at the address the leader registered with the controller, looked up on every fetch so a leader
 * that moved is found again.
 */
public final class ReplicaFetchClient implements ReplicaChannel {
    private final String leaderId;
    private final Function<String, Optional<String>> rpcEndpoints;
    private final FrameSocket socket;

    /** @param rpcEndpoints a broker id's registered RPC address ({@code host:port}) */
    public ReplicaFetchClient(String leaderId, Function<String, Optional<String>> rpcEndpoints) {
        this.leaderId = leaderId;
        this.rpcEndpoints = rpcEndpoints;
        this.socket = new FrameSocket("leader broker " + leaderId);
    }

    @Override
    public ReplicaFetchResponse fetch(ReplicaFetchRequest request, long timeoutMs) throws IOException {
        String endpoint = rpcEndpoints.apply(leaderId).orElseThrow(() -> new IOException("leader broker " + leaderId
                + " has no registered RPC address"));
        ResponseFrame response = socket.exchange(endpoint, request, timeoutMs);
        if (response.errorCode() != ErrorCode.NONE) {
            return ReplicaFetchResponse.error(response.errorCode(), response.errorMessage());
        }
        return ReplicaFetchResponse.read(response.body());
    }

    @Override
    public void close() {
        socket.close();
    }
}
