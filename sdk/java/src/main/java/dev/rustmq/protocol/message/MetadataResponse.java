package dev.rustmq.protocol.message;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.WireReader;
import dev.rustmq.protocol.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Brokers (with the endpoint clients connect to: QUIC on {@code port}/udp, TCP on {@code port}/tcp),
 * the active controller ({@link #NO_NODE} if unknown), and per topic its partitions with leader,
 * leader epoch, replicas and in-sync replicas. A topic that does not exist comes back with
 * UNKNOWN_TOPIC_OR_PARTITION and no partitions; a partition without a leader has leader
 * {@link #NO_NODE} and LEADER_NOT_AVAILABLE.
 */
public record MetadataResponse(ErrorCode errorCode, String errorMessage, int controllerId, List<Broker> brokers,
        List<Topic> topics) implements ResponseMessage {
    public static final int NO_NODE = -1;

    public record Broker(int id, String host, int port, String rack) {
        static final int MIN_BYTES = 4 + 2 + 4 + 2;

        public Broker {
            Check.notNull(host, "broker host");
        }

        void writeTo(WireWriter out) {
            out.int32(id);
            out.string(host);
            out.int32(port);
            out.string(rack);
        }

        static Broker readFrom(WireReader in) {
            return new Broker(in.int32("broker id"), in.requiredString("broker host"), in.int32("broker port"),
                    in.string("broker rack"));
        }
    }

    public record Topic(String name, ErrorCode errorCode, String errorMessage, List<Partition> partitions) {
        static final int MIN_BYTES = 2 + 2 + 2 + 4;

        public Topic {
            Check.notNull(name, "topic name");
            Check.notNull(errorCode, "topic errorCode");
            partitions = List.copyOf(Check.notNull(partitions, "partitions"));
        }

        void writeTo(WireWriter out) {
            out.string(name);
            out.int16(errorCode.wireId());
            out.string(errorMessage);
            out.array(partitions, (w, p) -> p.writeTo(w));
        }

        static Topic readFrom(WireReader in) {
            return new Topic(in.requiredString("topic name"), ErrorCode.forWireId(in.int16("topic errorCode")),
                    in.string("topic errorMessage"), in.requiredArray("partitions", Partition.MIN_BYTES,
                            Partition::readFrom));
        }
    }

    public record Partition(int partition, ErrorCode errorCode, int leaderId, int leaderEpoch, List<Integer> replicas,
            List<Integer> isr) {
        static final int MIN_BYTES = 4 + 2 + 4 + 4 + 4 + 4;

        public Partition {
            Check.notNull(errorCode, "partition errorCode");
            replicas = List.copyOf(Check.notNull(replicas, "replicas"));
            isr = List.copyOf(Check.notNull(isr, "isr"));
        }

        void writeTo(WireWriter out) {
            out.int32(partition);
            out.int16(errorCode.wireId());
            out.int32(leaderId);
            out.int32(leaderEpoch);
            out.int32Array(replicas);
            out.int32Array(isr);
        }

        static Partition readFrom(WireReader in) {
            return new Partition(in.int32("partition"), ErrorCode.forWireId(in.int16("partition errorCode")),
                    in.int32("leaderId"), in.int32("leaderEpoch"), in.int32Array("replicas"), in.int32Array("isr"));
        }
    }

    public MetadataResponse {
        Check.notNull(errorCode, "errorCode");
        brokers = List.copyOf(Check.notNull(brokers, "brokers"));
        topics = List.copyOf(Check.notNull(topics, "topics"));
    }

    public static MetadataResponse error(ErrorCode errorCode, String errorMessage) {
        return new MetadataResponse(errorCode, errorMessage, NO_NODE, List.of(), List.of());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void writeTo(WireWriter out) {
        out.int16(errorCode.wireId());
        out.string(errorMessage);
        out.int32(controllerId);
        out.array(brokers, (w, b) -> b.writeTo(w));
        out.array(topics, (w, t) -> t.writeTo(w));
    }

    public static MetadataResponse readFrom(WireReader in) {
        return new MetadataResponse(ErrorCode.forWireId(in.int16("errorCode")), in.string("errorMessage"),
                in.int32("controllerId"), in.requiredArray("brokers", Broker.MIN_BYTES, Broker::readFrom),
                in.requiredArray("topics", Topic.MIN_BYTES, Topic::readFrom));
    }

    public static MetadataResponse read(ByteBuffer body) {
        WireReader in = WireReader.of(body);
        MetadataResponse response = readFrom(in);
        in.expectEnd("METADATA response");
        return response;
    }
}
