package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class ByteUtilsPropertyTest {

    @Property(tries = 5000)
    void varintsRoundTrip(@ForAll int value) {
        ByteBuffer out = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, out);
        assertThat(out.position()).isEqualTo(ByteUtils.sizeOfVarint(value));
        ByteBuffer in = out.flip();
        assertThat(ByteUtils.readVarint(in)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Property(tries = 5000)
    void varlongsRoundTrip(@ForAll long value) {
        ByteBuffer out = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, out);
        assertThat(out.position()).isEqualTo(ByteUtils.sizeOfVarlong(value));
        ByteBuffer in = out.flip();
        assertThat(ByteUtils.readVarlong(in)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Example
    void extremesRoundTrip() {
        for (int value : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1}) {
            varintsRoundTrip(value);
            varlongsRoundTrip(value);
        }
        for (long value : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1}) {
            varlongsRoundTrip(value);
        }
    }

    @Property
    void arbitraryBytesReadAsAVarintOrFailAsCorrupt(@ForAll @Size(max = 12) byte[] bytes) {
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
}
