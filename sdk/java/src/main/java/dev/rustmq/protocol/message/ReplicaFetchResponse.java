package dev.rustmq.protocol.message;

import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The leader's answer to a {@link ReplicaFetchRequest}, per partition: whole batches from the
 * fetch offset exactly as the leader stores them (offsets and leader epochs included), the high
 * watermark, the log start, and {@code uploadedEnd} (offsets below it are in the manifest, so the
 * follower may trim its WAL behind it). When the follower's tail diverged, {@code divergingEpoch}
 * and {@code divergingEndOffset} are the leader's largest epoch at or below the follower's last one
 * and where it ends: the follower cuts its log back to that epoch's end in both logs (no records
 * then). Otherwise the offset is -1.
 */
public record ReplicaFetchResponse(ErrorCode errorCode, String errorMessage, List<Partition> partitions)
        implements ResponseMessage {
    public static final long NO_DIVERGENCE = -1;

    /** One partition's data or error. */
    public record Partition(String topic, int partition, ErrorCode errorCode, String errorMessage,
                            long highWatermark, long logStartOffset, long uploadedEnd, int divergingEpoch,
                            long divergingEndOffset, ByteBuffer records) {
        static final int MIN_BYTES = 2 + 4 + 2 + 2 + 8 + 8 + 8 + 4 + 8 + 4;

        public Partition {
            Check.notNull(topic, "topic");
            Check.notNull(errorCode, "errorCode");
            records = Check.notNull(records, "records").slice();
        }

        public static Partition error(TopicPartition tp, ErrorCode code, String message) {
            return new Partition(tp.topic(), tp.partition(), code, message, -1, -1, -1, -1, NO_DIVERGENCE,
                    ByteBuffer.allocate(0));
        }

        public TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }

        /** A view of the record bytes (position 0). */
        @Override
        public ByteBuffer records() {
            return records.duplicate();
        }

        void writeTo(WireWriter out) {
            out.string(topic);
            out.int32(partition);
            out.int16(errorCode.wireId());
            out.string(errorMessage);
            out.int64(highWatermark);
            out.int64(logStartOffset);
            out.int64(uploadedEnd);
            out.int32(divergingEpoch);
            out.int64(divergingEndOffset);
            out.bytes(records);
        }

        static Partition readFrom(WireReader in) {
            return new Partition(in.requiredString("topic"), in.int32("partition"),
                    ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"), in.int64("highWatermark"),
                    in.int64("logStartOffset"), in.int64("uploadedEnd"), in.int32("divergingEpoch"),
                    in.int64("divergingEndOffset"),
                    in.requiredBytes("records"));
        }
    }

    public ReplicaFetchResponse {
        Check.notNull(errorCode, "errorCode");
        partitions = List.copyOf(Check.notNull(partitions, "partitions"));
    }

    public static ReplicaFetchResponse success(List<Partition> partitions) {
        return new ReplicaFetchResponse(ErrorCode.NONE, null, partitions);
    }

    /** The whole request failed (this port does not serve it, a malformed request): no partitions. */
    public static ReplicaFetchResponse error(ErrorCode errorCode, String errorMessage) {
        return new ReplicaFetchResponse(errorCode, errorMessage, List.of());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.REPLICA_FETCH;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.array(partitions, (w, p) -> p.writeTo(w));
    }

    public static ReplicaFetchResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        ReplicaFetchResponse response = new ReplicaFetchResponse(ErrorCode.forWireId(in.int16("errorCode")),
                in.string("errorMessage"), in.requiredArray("partitions", Partition.MIN_BYTES, Partition::readFrom));
        in.expectEnd("REPLICA_FETCH response");
        return response;
    }
}
