package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.errors.ObjectNotFoundException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ObjectStore} must do; each implementation's test extends this. */
abstract class ObjectStoreContract {
    protected ObjectStore store;

    /** A fresh, empty store (a new bucket or folder) for each test. */
    protected abstract ObjectStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    @Test
    void putThenGetGivesTheSameBytesAndPutReplaces() {
        store.put("topics/a/0/1.seg", utf8("first"));
        assertThat(text(store.get("topics/a/0/1.seg"))).isEqualTo("first");
        store.put("topics/a/0/1.seg", utf8("second"));
        assertThat(text(store.get("topics/a/0/1.seg"))).isEqualTo("second");
    }

    @Test
    void putReadsOnlyTheRemainingBytesAndLeavesTheBufferAlone() {
        ByteBuffer data = utf8("xxpayload");
        data.position(2);
        store.put("k", data);
        assertThat(data.position()).isEqualTo(2);
        assertThat(text(store.get("k"))).isEqualTo("payload");
    }

    @Test
    void emptyAndLargeObjectsRoundTrip() {
        store.put("empty", ByteBuffer.allocate(0));
        assertThat(store.get("empty").remaining()).isZero();
        byte[] large = new byte[5 << 20];
        new Random(7).nextBytes(large);
        store.put("large", ByteBuffer.wrap(large));
        ByteBuffer back = store.get("large");
        byte[] got = new byte[back.remaining()];
        back.get(got);
        assertThat(got).isEqualTo(large);
    }

    @Test
    void rangesReturnTheAskedBytesAndStopAtTheEnd() {
        store.put("r", utf8("0123456789"));
        assertThat(text(store.getRange("r", 0, 3))).isEqualTo("012");
        assertThat(text(store.getRange("r", 4, 4))).isEqualTo("4567");
        assertThat(text(store.getRange("r", 8, 100))).isEqualTo("89");
        assertThat(store.getRange("r", 10, 5).remaining()).isZero();
    }

    @Test
    void listReturnsKeysWithThePrefixInOrderWithSizes() {
        store.put("topics/b/0/2.seg", utf8("22"));
        store.put("topics/b/0/1.seg", utf8("1"));
        store.put("topics/b/1/1.seg", utf8("333"));
        store.put("topics/bb/0/1.seg", utf8("x"));

        assertThat(store.list("topics/b/0/")).containsExactly(new ObjectInfo("topics/b/0/1.seg", 1),
                new ObjectInfo("topics/b/0/2.seg", 2));
        assertThat(store.list("topics/b/")).extracting(ObjectInfo::key)
                .containsExactly("topics/b/0/1.seg", "topics/b/0/2.seg", "topics/b/1/1.seg");
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void deleteRemovesAndMissingKeysAreNamed() {
        store.put("d", utf8("x"));
        store.delete("d");
        store.delete("d");
        assertThat(store.list("d")).isEmpty();
        assertThatThrownBy(() -> store.get("d")).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("'d'");
        assertThatThrownBy(() -> store.getRange("d", 0, 1)).isInstanceOf(ObjectNotFoundException.class);
    }
}
