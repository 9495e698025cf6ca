package dev.rustmq.protocol.message;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Inter-broker: a follower's fetch of the partitions it copies from one leader, on the leader's
 * {@code rpc_listen} port (docs/replication.md). Each partition names the leader epoch the follower
 * knows (a mismatch is fenced), where its copy ends ({@code fetchOffset}: the leader counts
 * everything below it as held durably by this replica) and the epoch of its last batch (the leader
 * answers a diverged tail with where to cut). The leader answers at once when it has data for any
 * partition, else after up to {@code maxWaitMs}.
 */
public record ReplicaFetchRequest(String replicaId, int maxWaitMs, List<Partition> partitions)
        implements RequestMessage {

    /** One partition's position in the follower's copy. */
    public record Partition(String topic, int partition, int leaderEpoch, long fetchOffset, int lastFetchedEpoch,
                            int maxBytes) {
        static final int MIN_BYTES = 2 + 4 + 4 + 8 + 4 + 4;

        public Partition {
            Check.notNull(topic, "topic");
            Check.nonNegative(maxBytes, "maxBytes");
        }

        public TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }

        void writeTo(WireWriter out) {
            out.string(topic);
            out.int32(partition);
            out.int32(leaderEpoch);
            out.int64(fetchOffset);
            out.int32(lastFetchedEpoch);
            out.int32(maxBytes);
        }

        static Partition readFrom(WireReader in) {
            return new Partition(in.requiredString("topic"), in.int32("partition"), in.int32("leaderEpoch"),
                    in.int64("fetchOffset"), in.int32("lastFetchedEpoch"), in.int32("maxBytes"));
        }
    }

    public ReplicaFetchRequest {
        Check.notNull(replicaId, "replicaId");
        Check.nonNegative(maxWaitMs, "maxWaitMs");
        partitions = List.copyOf(Check.notNull(partitions, "partitions"));
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.REPLICA_FETCH;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.string(replicaId);
        out.int32(maxWaitMs);
        out.array(partitions, (w, p) -> p.writeTo(w));
    }

    public static ReplicaFetchRequest read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ReplicaFetchRequest request = new ReplicaFetchRequest(in.requiredString("replicaId"), in.int32("maxWaitMs"),
                in.requiredArray("partitions", Partition.MIN_BYTES, Partition::readFrom));
        in.expectEnd("REPLICA_FETCH request");
        return request;
    }
}
