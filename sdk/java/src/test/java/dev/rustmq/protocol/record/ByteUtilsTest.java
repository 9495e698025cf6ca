package dev.rustmq.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteUtilsTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "0, 00", "-1, 01", "1, 02", "63, 7e", "-64, 7f", "64, 8001", "-65, 8101",
        "2147483647, feffffff0f", "-2147483648, ffffffff0f"
    })
    void varintsUseZigZagEncoding(int value, String hex) {
        ByteBuffer out = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(value, out);
        assertThat(HEX.formatHex(out.array(), 0, out.position())).isEqualTo(hex);
        assertThat(ByteUtils.sizeOfVarint(value)).isEqualTo(hex.length() / 2);
        assertThat(ByteUtils.readVarint(ByteBuffer.wrap(HEX.parseHex(hex)))).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00", "-1, 01", "1, 02", "9223372036854775807, feffffffffffffffff01",
        "-9223372036854775808, ffffffffffffffffff01"
    })
    void varlongsUseZigZagEncoding(long value, String hex) {
        ByteBuffer out = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, out);
        assertThat(HEX.formatHex(out.array(), 0, out.position())).isEqualTo(hex);
        assertThat(ByteUtils.sizeOfVarlong(value)).isEqualTo(hex.length() / 2);
        assertThat(ByteUtils.readVarlong(ByteBuffer.wrap(HEX.parseHex(hex)))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "80", "ffff", "ffffffff"})
    void truncatedVarintsAreCorrupt(String hex) {
        assertThatThrownBy(() -> ByteUtils.readVarint(ByteBuffer.wrap(HEX.parseHex(hex))))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated varint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffffffff10", "ffffffff1f", "ffffffff8f00", "8080808080"})
    void varintsBeyond32BitsAreCorrupt(String hex) {
        assertThatThrownBy(() -> ByteUtils.readVarint(ByteBuffer.wrap(HEX.parseHex(hex))))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("more than 32 bits");
    }

    @Test
    void truncatedAndOverlongVarlongsAreCorrupt() {
        assertThatThrownBy(() -> ByteUtils.readVarlong(ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff"))))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated varlong");
        assertThatThrownBy(() -> ByteUtils.readVarlong(ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff02"))))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("more than 64 bits");
        assertThatThrownBy(() -> ByteUtils.readVarlong(ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff8100"))))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("more than 64 bits");
    }

    @Test
    void readingAdvancesThePosition() {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("8001" + "03" + "7f"));
        assertThat(ByteUtils.readVarint(in)).isEqualTo(64);
        assertThat(ByteUtils.readVarlong(in)).isEqualTo(-2);
        assertThat(ByteUtils.readVarint(in)).isEqualTo(-64);
        assertThat(in.hasRemaining()).isFalse();
    }
}
