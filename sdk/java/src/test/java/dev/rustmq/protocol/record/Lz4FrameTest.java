package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The magic-2 LZ4 framing against the LZ4 frame specification, with lz4-java's own frame streams
 * as the independent implementation on the other side. Kafka itself is in {@link KafkaInteropTest}.
 */
class Lz4FrameTest {
    private static final int MAX = RecordBatch.DEFAULT_MAX_UNCOMPRESSED_SIZE;

    private static byte[] sample(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            // Half compressible text-like runs, half noise: both block kinds appear in larger frames.
            bytes[i] = (i / 4096) % 2 == 0 ? (byte) ('a' + i % 7) : (byte) random.nextInt();
        }
        return bytes;
    }

    private static byte[] decompress(byte[] frame) {
        return TestBatches.bytes(Lz4Frame.decompress(ByteBuffer.wrap(frame), 0, MAX));
    }

    private static byte[] readWithLz4Java(byte[] frame) {
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] writeWithLz4Java(byte[] raw, BLOCKSIZE blockSize, long knownSize, Bits... bits) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes, blockSize, knownSize, bits)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 65_535, 65_536, 65_537, 200_000, 1 << 20})
    void roundTripsAndLz4JavaReadsWhatItWrites(int size) {
        byte[] raw = sample(size);
        byte[] frame = Lz4Frame.compress(raw, 0);
        assertThat(decompress(frame)).isEqualTo(raw);
        assertThat(readWithLz4Java(frame)).isEqualTo(raw);
    }

    @Test
    void incompressibleBlocksAreStoredAsIs() {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        byte[] frame = Lz4Frame.compress(noise, 0);
        ByteBuffer in = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.getInt(7)).as("first block: 64 KiB, flagged uncompressed").isEqualTo(0x80000000 | 65_536);
        assertThat(frame.length).isEqualTo(7 + 4 + 65_536 + 4 + (100_000 - 65_536) + 4);
        assertThat(decompress(frame)).isEqualTo(noise);
    }

    @Test
    void headroomIsLeftFreeAtTheStart() {
        byte[] frame = Lz4Frame.compress(sample(100), 61);
        assertThat(Arrays.copyOf(frame, 61)).containsOnly(0);
        assertThat(decompress(Arrays.copyOfRange(frame, 61, frame.length))).isEqualTo(sample(100));
    }

    @Test
    void readsFramesLz4JavaWritesWithEveryOptionalField() {
        byte[] raw = sample(300_000);
        Bits independent = Bits.BLOCK_INDEPENDENCE;
        byte[][] frames = {
            writeWithLz4Java(raw, BLOCKSIZE.SIZE_4MB, -1, independent),
            writeWithLz4Java(raw, BLOCKSIZE.SIZE_64KB, -1, independent),
            writeWithLz4Java(raw, BLOCKSIZE.SIZE_256KB, -1, independent, Bits.BLOCK_CHECKSUM),
            writeWithLz4Java(raw, BLOCKSIZE.SIZE_1MB, -1, independent, Bits.CONTENT_CHECKSUM),
            writeWithLz4Java(raw, BLOCKSIZE.SIZE_64KB, raw.length, independent, Bits.CONTENT_SIZE),
            writeWithLz4Java(raw, BLOCKSIZE.SIZE_64KB, raw.length, independent, Bits.CONTENT_SIZE,
                    Bits.BLOCK_CHECKSUM, Bits.CONTENT_CHECKSUM),
        };
        for (byte[] frame : frames) {
            assertThat(decompress(frame)).isEqualTo(raw);
            ByteBuffer direct = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
            assertThat(TestBatches.bytes(Lz4Frame.decompress(direct, 0, MAX))).isEqualTo(raw);
            assertThat(TestBatches.bytes(Lz4Frame.decompress(ByteBuffer.wrap(frame).asReadOnlyBuffer(), 0, MAX)))
                    .isEqualTo(raw);
        }
    }

    // ---- frames crafted byte by byte ----

    /** A frame with the given descriptor (FLG, BD and any optional fields), a correct header checksum, then {@code rest}. */
    private static byte[] frame(byte[] descriptor, byte[] rest) {
        int hc = XXHashFactory.safeInstance().hash32().hash(descriptor, 0, descriptor.length, 0) >>> 8;
        return TestBatches.concat(0x04, 0x22, 0x4d, 0x18, descriptor, hc, rest);
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /** One stored block of {@code data}, then the end mark. */
    private static byte[] storedBlock(byte[] data) {
        return TestBatches.concat(le32(0x80000000 | data.length), data, le32(0));
    }

    private static void assertCorrupt(byte[] frame, String message) {
        assertThatThrownBy(() -> Lz4Frame.decompress(ByteBuffer.wrap(frame), 0, MAX))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining(message);
    }

    @Test
    void theCraftingHelperMakesValidFrames() {
        byte[] data = TestBatches.utf8("hello");
        assertThat(decompress(frame(TestBatches.concat(0x60, 0x40), storedBlock(data)))).isEqualTo(data);
        assertThat(readWithLz4Java(frame(TestBatches.concat(0x60, 0x40), storedBlock(data)))).isEqualTo(data);
    }

    @Test
    void kafkasMagic0HeaderChecksumIsRefused() {
        // Kafka's pre-0.10 writers hashed the magic too; Kafka accepts that only in magic-0 messages.
        byte[] descriptor = TestBatches.concat(0x04, 0x22, 0x4d, 0x18, 0x60, 0x40);
        int broken = XXHashFactory.safeInstance().hash32().hash(descriptor, 0, descriptor.length, 0) >>> 8;
        byte[] good = frame(TestBatches.concat(0x60, 0x40), storedBlock(new byte[1]));
        byte[] bad = good.clone();
        bad[6] = (byte) broken;
        assertThat(bad[6]).isNotEqualTo(good[6]);
        assertCorrupt(bad, "header checksum");
    }

    @Test
    void malformedHeadersAreCorrupt() {
        byte[] blocks = storedBlock(new byte[3]);
        assertCorrupt(new byte[] {0x04, 0x22, 0x4d}, "too short for an LZ4 frame header");
        assertCorrupt(TestBatches.concat(0x28, 0xb5, 0x2f, 0xfd, 0x60, 0x40, 0x82, blocks), "not an LZ4 frame");
        assertCorrupt(frame(TestBatches.concat(0xa0, 0x40), blocks), "frame version 2 is not 1");
        assertCorrupt(frame(TestBatches.concat(0x62, 0x40), blocks), "reserved bits");
        assertCorrupt(frame(TestBatches.concat(0x60, 0xc0), blocks), "reserved bits");
        assertCorrupt(frame(TestBatches.concat(0x60, 0x41), blocks), "reserved bits");
        assertCorrupt(frame(TestBatches.concat(0x61, 0x40, 1, 0, 0, 0), blocks), "dictionary id");
        assertCorrupt(frame(TestBatches.concat(0x40, 0x40), blocks), "dependent blocks");
        assertCorrupt(frame(TestBatches.concat(0x60, 0x30), blocks), "block maximum size id 3");
        assertCorrupt(frame(TestBatches.concat(0x68, 0x40), new byte[0]), "cut short");
    }

    @Test
    void malformedBlocksAreCorrupt() {
        byte[] header = TestBatches.concat(0x60, 0x40);
        assertCorrupt(frame(header, new byte[0]), "ends before its block size");
        assertCorrupt(frame(header, TestBatches.concat(le32(0x80000000 | 3), 1, 2, 3)), "ends before its block size");
        assertCorrupt(frame(header, TestBatches.concat(le32(0x80000000 | 9), 1, 2, 3)), "runs past the end");
        assertCorrupt(frame(header, TestBatches.concat(le32(65_537), new byte[65_537], le32(0))), "larger than 65536");
        assertCorrupt(frame(header, TestBatches.concat(le32(4), 0xf0, 0xff, 0xff, 0xff, le32(0))), "a block is malformed");
        assertCorrupt(frame(header, TestBatches.concat(storedBlock(new byte[2]), 0)), "1 trailing bytes");
    }

    @Test
    void checksumsThatDoNotMatchAreCorrupt() {
        byte[] raw = sample(1_000);
        byte[] withBlockChecksum = writeWithLz4Java(raw, BLOCKSIZE.SIZE_64KB, -1, Bits.BLOCK_INDEPENDENCE,
                Bits.BLOCK_CHECKSUM);
        withBlockChecksum[withBlockChecksum.length - 6] ^= 1;
        assertCorrupt(withBlockChecksum, "block checksum");

        byte[] withContentChecksum = writeWithLz4Java(raw, BLOCKSIZE.SIZE_64KB, -1, Bits.BLOCK_INDEPENDENCE,
                Bits.CONTENT_CHECKSUM);
        withContentChecksum[withContentChecksum.length - 1] ^= 1;
        assertCorrupt(withContentChecksum, "content checksum");
    }

    @Test
    void aDeclaredContentSizeIsCheckedBeforeAllocatingAndAfterDecoding() {
        byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        byte[] claimsHuge = frame(TestBatches.concat(0x68, 0x40, huge), storedBlock(new byte[4]));
        assertCorrupt(claimsHuge, "claims 1099511627776 uncompressed bytes, outside [0, " + MAX + "]");

        byte[] five = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(5).array();
        byte[] lies = frame(TestBatches.concat(0x68, 0x40, five), storedBlock(new byte[4]));
        assertCorrupt(lies, "decompressed to 4 bytes, but claims 5");
    }

    @Test
    void outputStopsAtTheLimitWhenNoSizeIsDeclared() {
        byte[] zeros = new byte[4 << 20];
        byte[] frame = Lz4Frame.compress(zeros, 0);
        assertThat(frame.length).isLessThan(32 << 10);
        assertThatThrownBy(() -> Lz4Frame.decompress(ByteBuffer.wrap(frame), 7, 1 << 20))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("holds more than 1048576 uncompressed bytes, outside [7, 1048576]");
        assertThat(TestBatches.bytes(Lz4Frame.decompress(ByteBuffer.wrap(frame), 7, 4 << 20))).isEqualTo(zeros);
    }
}
