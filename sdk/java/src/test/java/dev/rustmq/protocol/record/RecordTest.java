package dev.rustmq.protocol.record;

import static dev.rustmq.protocol.record.TestBatches.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.CorruptRecordException;
import dev.rustmq.errors.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTest {
    @Test
    void recordsCompareArrayContents() {
        Record a = new Record(5, utf8("k"), utf8("v"), List.of(new Header("h", utf8("x")), new Header("n", null)));
        Record b = new Record(5, utf8("k"), utf8("v"), List.of(new Header("h", utf8("x")), new Header("n", null)));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Record(5, utf8("k"), utf8("w"), a.headers()));
        assertThat(a).isNotEqualTo(new Record(6, utf8("k"), utf8("v"), a.headers()));
        assertThat(a).isNotEqualTo(new Record(5, utf8("k"), utf8("v"), List.of()));
    }

    @Test
    void nullIsDistinctFromEmpty() {
        assertThat(Record.of(null, null, 1)).isNotEqualTo(Record.of(new byte[0], new byte[0], 1));
        assertThat(Record.of(null, null, 1)).isEqualTo(Record.of(null, null, 1));
        assertThat(new Header("h", null)).isNotEqualTo(new Header("h", new byte[0]));
    }

    @Test
    void headersAreCopiedAndNeverNull() {
        List<Header> headers = new ArrayList<>(List.of(new Header("a", null)));
        Record record = new Record(1, null, null, headers);
        headers.clear();
        assertThat(record.headers()).hasSize(1);
        assertThat(new Record(1, null, null, null).headers()).isEmpty();
        assertThat(Record.of(null, utf8("v"), 7)).isEqualTo(new Record(7, null, utf8("v"), List.of()));
        assertThatThrownBy(() -> new Header(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringShowsSizesNotContents() {
        assertThat(Record.of(utf8("secret"), null, 3).toString()).contains("6 bytes").contains("null")
                .doesNotContain("secret");
    }

    @Test
    void compressionIdsAreKafkasInMagic2() {
        assertThat(CompressionType.NONE.id()).isZero();
        assertThat(CompressionType.LZ4.id()).isEqualTo(3);
        assertThat(CompressionType.ZSTD.id()).isEqualTo(4);
        for (CompressionType type : CompressionType.values()) {
            assertThat(CompressionType.forId(type.id())).isSameAs(type);
            assertThat(BatchFormat.V2.codec(BatchFormat.V2.codecId(type))).isSameAs(type);
        }
        assertThatThrownBy(() -> CompressionType.forId(1)).isInstanceOf(CorruptRecordException.class)
                .hasMessage("codec gzip is not supported yet");
        assertThatThrownBy(() -> CompressionType.forId(2)).isInstanceOf(CorruptRecordException.class)
                .hasMessage("codec snappy is not supported yet");
        assertThatThrownBy(() -> CompressionType.forId(5)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("unknown compression codec id 5")
                .extracting(e -> ((CorruptRecordException) e).code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
        assertThatThrownBy(() -> CompressionType.forId(-1)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void magic1KeepsItsOwnCompressionIds() {
        assertThat(BatchFormat.V1.codecId(CompressionType.NONE)).isZero();
        assertThat(BatchFormat.V1.codecId(CompressionType.LZ4)).isEqualTo(1);
        assertThat(BatchFormat.V1.codecId(CompressionType.ZSTD)).isEqualTo(2);
        for (CompressionType type : CompressionType.values()) {
            assertThat(BatchFormat.V1.codec(BatchFormat.V1.codecId(type))).isSameAs(type);
        }
        assertThatThrownBy(() -> BatchFormat.V1.codec(3)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("unknown compression codec id 3");
    }

    @Test
    void topicsStillNameTheirCodecTheSameWay() {
        assertThat(CompressionType.parse("lz4")).isSameAs(CompressionType.LZ4);
        assertThat(CompressionType.parse("Zstd")).isSameAs(CompressionType.ZSTD);
        assertThat(CompressionType.parse("None")).isSameAs(CompressionType.NONE);
    }
}
