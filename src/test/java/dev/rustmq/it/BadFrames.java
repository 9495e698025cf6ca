package dev.rustmq.it;

import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.message.ApiVersionsRequest;
import dev.rustmq.protocol.message.CreateTopicRequest;
import dev.rustmq.protocol.message.FetchRequest;
import dev.rustmq.protocol.message.ListOffsetsRequest;
import dev.rustmq.protocol.message.MetadataRequest;
import dev.rustmq.protocol.message.ProduceRequest;
import dev.rustmq.protocol.record.CompressionType;
import dev.rustmq.protocol.record.Record;
import dev.rustmq.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Byte strings a broker must survive on one connection: garbage, cut, corrupted and oversized frames. */
final class BadFrames {
    private static final FrameEncoder ENCODER = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);

    private BadFrames() {
    }

    /** One bad input, named for the failure message. */
    record Case(String kind, byte[] bytes) {
    }

    static Case next(Random random, String topic) {
        byte[] valid = valid(random, topic);
        return switch (random.nextInt(7)) {
            case 0 -> new Case("random bytes", bytes(random, random.nextInt(2_000)));
            case 1 -> new Case("huge or negative length", concat(ByteBuffer.allocate(4).putInt(random.nextBoolean()
                    ? Frames.DEFAULT_MAX_FRAME_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - Frames.DEFAULT_MAX_FRAME_BYTES)
                    : -1 - random.nextInt(Integer.MAX_VALUE)).array(), bytes(random, random.nextInt(100))));
            case 2 -> new Case("truncated frame", Arrays.copyOf(valid, random.nextInt(valid.length)));
            case 3 -> new Case("bit flips", flip(random, valid));
            case 4 -> new Case("frame then garbage", concat(valid, bytes(random, 1 + random.nextInt(200))));
            case 5 -> new Case("well-framed garbage", toBytes(ENCODER.encodeRawRequest((short) random.nextInt(20),
                    (short) random.nextInt(3), random.nextInt(), ByteBuffer.wrap(bytes(random, random.nextInt(500))))));
            default -> new Case("real api, garbage body", toBytes(ENCODER.encodeRawRequest(
                    ApiKey.values()[random.nextInt(ApiKey.values().length)].id(), (short) 0, random.nextInt(),
                    ByteBuffer.wrap(bytes(random, random.nextInt(300))))));
        };
    }

    /** A well-formed request frame of a random api, to corrupt. */
    private static byte[] valid(Random random, String topic) {
        RequestMessage request = switch (random.nextInt(6)) {
            case 0 -> new ProduceRequest(topic, 0, Acks.LEADER, 5_000, RecordBatchBuilder.build(0, 0,
                    CompressionType.NONE, List.of(Record.of(null, "fuzz".getBytes(StandardCharsets.UTF_8), 1L))));
            case 1 -> new FetchRequest(topic, 0, 0, 1 << 16, 0, 0);
            case 2 -> MetadataRequest.allTopics();
            case 3 -> new ListOffsetsRequest(topic, 0, ListOffsetsRequest.LATEST);
            case 4 -> new CreateTopicRequest("fuzz-" + random.nextInt(1000), 1, 1, Map.of());
            default -> new ApiVersionsRequest();
        };
        return toBytes(ENCODER.encodeRequest(random.nextInt(), request));
    }

    private static byte[] toBytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] flip(Random random, byte[] valid) {
        byte[] copy = valid.clone();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
