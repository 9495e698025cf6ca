package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.storage.errors.ObjectNotFoundException;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void aSmallerObjectReplacesALargerOneWhole() {
        store.put("shrink", ByteBuffer.wrap(new byte[10_000]));
        store.put("shrink", utf8("tiny"));
        assertThat(text(store.get("shrink"))).isEqualTo("tiny");
        assertThat(store.list("shrink")).containsExactly(new ObjectInfo("shrink", 4));
    }

    @Test
    void rangesOfEmptyObjectsAndEmptyRangesAreEmpty() {
        store.put("e", ByteBuffer.allocate(0));
        assertThat(store.getRange("e", 0, 10).remaining()).isZero();
        store.put("r", utf8("0123456789"));
        assertThat(store.getRange("r", 3, 0).remaining()).isZero();
        assertThatThrownBy(() -> store.getRange("missing", 0, 0)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aRangeOfALargeObjectIsExact() {
        byte[] large = new byte[3 << 20];
        new Random(11).nextBytes(large);
        store.put("big", ByteBuffer.wrap(large));
        ByteBuffer range = store.getRange("big", (1 << 20) - 7, 100_000);
        byte[] got = new byte[range.remaining()];
        range.get(got);
        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(large, (1 << 20) - 7, (1 << 20) - 7 + 100_000));
    }

    @Test
    void listPrefixesNeedNotEndAtASlashAndKeyOrderIsStringOrder() {
        store.put("topics/a/0/1.seg", utf8("1"));
        store.put("topics/a-b/0/1.seg", utf8("2"));
        store.put("topics/ab/0/1.seg", utf8("3"));
        store.put("topics/a.seg", utf8("4"));
        assertThat(store.list("topics/a")).extracting(ObjectInfo::key)
                .containsExactly("topics/a-b/0/1.seg", "topics/a.seg", "topics/a/0/1.seg", "topics/ab/0/1.seg");
        assertThat(store.list("")).hasSize(4);
    }

    @Test
    void keysWithSpacesAndNonAsciiCharactersRoundTrip() {
        String key = "topics/caf\u00e9 & co+1/0/00000000000000000000-00000000000000000099-3.seg";
        store.put(key, utf8("x"));
        assertThat(text(store.get(key))).isEqualTo("x");
        assertThat(store.list("topics/caf")).extracting(ObjectInfo::key).containsExactly(key);
        store.delete(key);
        assertThat(store.list("topics/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/", "../escape", "a/../../escape", "a/./b", ".."})
    void keysThatAreNotCleanPathsAreRefused(String key) {
        assertThatThrownBy(() -> store.put(key, utf8("x")))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("invalid object key");
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("invalid object key");
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeObject() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] bytes = new byte[200_000];
                java.util.Arrays.fill(bytes, (byte) i);
                puts.add(pool.submit(() -> store.put("same", ByteBuffer.wrap(bytes))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        ByteBuffer back = store.get("same");
        assertThat(back.remaining()).isEqualTo(200_000);
        byte first = back.get(0);
        for (int i = 0; i < back.remaining(); i++) {
            assertThat(back.get(i)).isEqualTo(first);
        }
    }
}
