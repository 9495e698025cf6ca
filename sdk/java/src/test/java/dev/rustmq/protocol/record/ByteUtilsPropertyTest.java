package dev.rustmq.protocol.record;

import static dev.rustmq.testing.PropertyCheck.forAll;
import static dev.rustmq.testing.PropertyCheck.forEach;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.testing.Generators;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteUtilsPropertyTest {

    @Test
    void varintsRoundTrip() {
        forEach(intEdges(), ByteUtilsPropertyTest::varintRoundTrips);
        forAll(5000, Generators::anyInt, ByteUtilsPropertyTest::varintRoundTrips);
    }

    @Test
    void varlongsRoundTrip() {
        forEach(longEdges(), ByteUtilsPropertyTest::varlongRoundTrips);
        forAll(5000, Generators::anyLong, ByteUtilsPropertyTest::varlongRoundTrips);
    }

    @Test
    void extremesRoundTrip() {
        for (int value : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1}) {
            varintRoundTrips(value);
            varlongRoundTrips(value);
        }
        for (long value : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1}) {
            varlongRoundTrips(value);
        }
    }

    @Test
    void arbitraryBytesReadAsAVarintOrFailAsCorrupt() {
        forEach(byteEdges(), ByteUtilsPropertyTest::readsOrFailsAsCorrupt);
        forAll(1000, ByteUtilsPropertyTest::varintLikeBytes, ByteUtilsPropertyTest::readsOrFailsAsCorrupt);
    }

    private static void varintRoundTrips(int value) {
        ByteBuffer out = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, out);
        assertThat(out.position()).isEqualTo(ByteUtils.sizeOfVarint(value));
        ByteBuffer in = out.flip();
        assertThat(ByteUtils.readVarint(in)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    private static void varlongRoundTrips(long value) {
        ByteBuffer out = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, out);
        assertThat(out.position()).isEqualTo(ByteUtils.sizeOfVarlong(value));
        ByteBuffer in = out.flip();
        assertThat(ByteUtils.readVarlong(in)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    private static void readsOrFailsAsCorrupt(byte[] bytes) {
        try {
            ByteUtils.readVarint(ByteBuffer.wrap(bytes));
        } catch (CorruptRecordException expected) {
            // the only acceptable failure
        }
        try {
            ByteUtils.readVarlong(ByteBuffer.wrap(bytes));
        } catch (CorruptRecordException expected) {
            // the only acceptable failure
        }
    }

    /** The extremes, and the values on both sides of each change of encoded length (zig-zag 2^7k - 1 and 2^7k). */
    private static List<Integer> intEdges() {
        List<Integer> values = new ArrayList<>(List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1));
        for (int bits = 7; bits < 32; bits += 7) {
            for (int zigzag : new int[] {(1 << bits) - 1, 1 << bits}) {
                values.add((zigzag >>> 1) ^ -(zigzag & 1));
            }
        }
        return values;
    }

    private static List<Long> longEdges() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
                Long.MAX_VALUE - 1, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE));
        for (int bits = 7; bits < 64; bits += 7) {
            for (long zigzag : new long[] {(1L << bits) - 1, 1L << bits}) {
                values.add((zigzag >>> 1) ^ -(zigzag & 1));
            }
        }
        return values;
    }

    /** Empty, all continuation bits, and the longest legal and the first illegal last bytes. */
    private static List<byte[]> byteEdges() {
        List<byte[]> edges = new ArrayList<>();
        edges.add(new byte[0]);
        for (int length = 1; length <= 12; length++) {
            byte[] ones = new byte[length];
            Arrays.fill(ones, (byte) 0xFF);
            edges.add(ones);
            byte[] continuations = new byte[length];
            Arrays.fill(continuations, (byte) 0x80);
            edges.add(continuations);
            edges.add(new byte[length]);
        }
        for (int last : new int[] {0x0F, 0x10, 0x01, 0x02, 0x7F, 0x80}) {
            for (int length : new int[] {5, 10}) {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) 0xFF);
                bytes[length - 1] = (byte) last;
                edges.add(bytes);
            }
        }
        return edges;
    }

    /** Up to 12 bytes; half the time with continuation bits set more often than not, so long encodings are common. */
    private static byte[] varintLikeBytes(Generators gen) {
        byte[] bytes = gen.bytes(0, 12);
        if (gen.nextBoolean()) {
            return bytes;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (gen.chance(0.6)) {
                bytes[i] |= (byte) 0x80;
            }
        }
        return bytes;
    }
}
