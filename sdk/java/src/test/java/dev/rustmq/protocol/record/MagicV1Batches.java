package dev.rustmq.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Magic-1 batches, the format RustMQ wrote before it wrote Kafka's RecordBatch v2: the bytes an
 * earlier version left in WAL files and object-storage segments, for the tests that prove they
 * stay readable. Test code of the SDK, public so the server's storage tests use it too.
 */
public final class MagicV1Batches {
    /** The base offset and leader epoch the broker stamped into the stored fixtures. */
    public static final long STORED_BASE_OFFSET = 1000;
    public static final int STORED_LEADER_EPOCH = 7;

    // Written by the magic-1 RecordBatchBuilder (commit 305d9f5, the last before magic 2) from
    // storedRecords(), then stamped with offset 1000 and epoch 7 as its broker stored them. Kept
    // byte for byte: never regenerate them, they are what is on disk.
    private static final String STORED_NONE =
            "00000000000003e8000000910000000701a0e5c3100000000000030000018bcfe568000000018bcfe568050000000446"
            + "0000000a6b65792d300e76616c75652d30040a747261636506742d310a656d707479011a000a02010e76616c75652d31"
            + "00160013040a6b65792d3201005e000606003e76616c75652d332076616c75652d332076616c75652d332076616c7565"
            + "2d33020a747261636506742d34";
    private static final String STORED_LZ4 =
            "00000000000003e80000007b000000070129c3ff2b0001000000030000018bcfe568000000018bcfe568050000000400"
            + "00006ef31a460000000a6b65792d300e76616c75652d30040a747261636506742d310a656d707479011a000a02011f00"
            + "613100160013043200923201005e000606003e39002f3320080004b0020a747261636506742d34";
    private static final String STORED_ZSTD =
            "00000000000003e80000007a0000000701cd3e30bb0002000000030000018bcfe568000000018bcfe568050000000428"
            + "b52ffd206e750200c403460000000a6b65792d300e76616c75652d30040a747261636506742d310a656d707479011a00"
            + "0a02013100160013043201005e000606003e3320023405005428c44ac55ce1a9aa9508579501";

    private MagicV1Batches() {
    }

    /** The records the stored fixtures hold: a null key, a null value, an empty key, headers, timestamps out of order. */
    public static List<Record> storedRecords() {
        return List.of(
                new Record(1_700_000_000_000L, utf8("key-0"), utf8("value-0"),
                        List.of(new Header("trace", utf8("t-1")), new Header("empty", null))),
                new Record(1_700_000_000_005L, null, utf8("value-1"), List.of()),
                new Record(1_699_999_999_990L, utf8("key-2"), null, List.of()),
                new Record(1_700_000_000_003L, new byte[0], utf8("value-3 value-3 value-3 value-3"),
                        List.of(new Header("trace", utf8("t-4")))));
    }

    /** A fresh copy of the stored magic-1 batch of {@code codec}, as an earlier version left it on disk. */
    public static ByteBuffer stored(CompressionType codec) {
        String hex = switch (codec) {
            case NONE -> STORED_NONE;
            case LZ4 -> STORED_LZ4;
            case ZSTD -> STORED_ZSTD;
        };
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    /**
     * A magic-1 batch of {@code records}, encoded as the magic-1 builder did (its codec ids, its LZ4
     * block framing), for tests that need more than the stored fixtures.
     */
    public static ByteBuffer build(long baseOffset, int leaderEpoch, CompressionType codec, List<Record> records) {
        long firstTimestamp = records.get(0).timestamp();
        long maxTimestamp = Long.MIN_VALUE;
        List<byte[]> encoded = new ArrayList<>();
        int size = 0;
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
            int body = RecordCodec.bodySize(record, i, firstTimestamp);
            ByteBuffer one = ByteBuffer.allocate(ByteUtils.sizeOfVarint(body) + body);
            RecordCodec.write(one, record, i, firstTimestamp, body);
            encoded.add(one.array());
            size += one.capacity();
        }
        ByteBuffer raw = ByteBuffer.allocate(size);
        encoded.forEach(raw::put);
        byte[] section = TestBatches.compressed(BatchFormat.V1, codec, raw.array());
        ByteBuffer batch = TestBatches.craftV1(TestBatches.codecId(BatchFormat.V1, codec), records.size(),
                records.size() - 1, firstTimestamp, maxTimestamp, section);
        // Outside the CRC, as the broker stamps them.
        return batch.putLong(0, baseOffset).putInt(12, leaderEpoch);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
