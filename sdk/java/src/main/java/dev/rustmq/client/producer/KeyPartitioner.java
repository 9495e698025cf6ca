package dev.rustmq.client.producer;

/**
 * The partition of a keyed record, the same as Kafka's default partitioner gives: the 32-bit
 * MurmurHash2 of the key bytes (seed {@code 0x9747b28c}), made non-negative by clearing the sign
 * bit, modulo the partition count. Written from the published description of MurmurHash2, so a
 * key lands on the same partition number in RustMQ as in Kafka.
 */
public final class KeyPartitioner {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private KeyPartitioner() {
    }

    /** The partition for {@code key} among {@code numPartitions}. */
    public static int partition(byte[] key, int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be > 0, got " + numPartitions);
        }
        return (murmur2(key) & 0x7fffffff) % numPartitions;
    }

    /** MurmurHash2, 32 bits: four bytes at a time, read little-endian, then the 1-3 left over, then a final mix. */
    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int whole = length & ~3;
        for (int i = 0; i < whole; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length & 3;
        if (tail == 3) {
            h ^= (data[whole + 2] & 0xff) << 16;
        }
        if (tail >= 2) {
            h ^= (data[whole + 1] & 0xff) << 8;
        }
        if (tail >= 1) {
            h ^= data[whole] & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
