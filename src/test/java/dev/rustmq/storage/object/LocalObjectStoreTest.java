package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.storage.errors.ObjectNotFoundException;
import dev.rustmq.storage.errors.ObjectStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(dir.resolve("objects"));
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysAreFilesUnderTheFolderAndSurviveReopening() throws Exception {
        store.put("topics/t/0/0-9-1.seg", utf8("segment"));
        assertThat(Files.readString(dir.resolve("objects/topics/t/0/0-9-1.seg"))).isEqualTo("segment");
        store.close();

        store = newStore();
        assertThat(StandardCharsets.UTF_8.decode(store.get("topics/t/0/0-9-1.seg")).toString()).isEqualTo("segment");
    }

    @Test
    void leftoversOfACrashedPutAreClearedAndNeverListed() throws Exception {
        store.put("k", utf8("v"));
        Path staging = dir.resolve("objects").resolve(LocalObjectStore.STAGING);
        Files.writeString(staging.resolve("half-written.tmp"), "par");
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("k");

        store = newStore();
        try (var left = Files.list(staging)) {
            assertThat(left).isEmpty();
        }
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("k");
    }

    @Test
    void theStagingFolderIsNotAKey() {
        assertThatThrownBy(() -> store.put(LocalObjectStore.STAGING + "/x", utf8("v")))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("reserved");
    }

    @Test
    void deletingTheLastObjectOfAFolderRemovesTheEmptyFolders() {
        store.put("topics/gone/0/1.seg", utf8("x"));
        store.put("topics/kept/0/1.seg", utf8("y"));
        store.delete("topics/gone/0/1.seg");
        assertThat(dir.resolve("objects/topics/gone")).doesNotExist();
        assertThat(dir.resolve("objects/topics/kept/0/1.seg")).exists();
    }

    @Test
    void aFolderOfKeysIsNotAnObject() {
        store.put("topics/t/0/1.seg", utf8("x"));
        assertThatThrownBy(() -> store.get("topics/t")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.put("topics/t", utf8("y")))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("folder of other keys");
        store.delete("topics/t");
        assertThat(store.list("topics/")).hasSize(1);
    }

    @Test
    void anObjectCannotAlsoBeAFolder() {
        store.put("topics/t", utf8("x"));
        assertThatThrownBy(() -> store.put("topics/t/0/1.seg", utf8("y")))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse());
        assertThat(store.list("topics/")).extracting(ObjectInfo::key).containsExactly("topics/t");
    }

    @Test
    void aFolderThatCannotBeUsedIsAPermanentError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertThatThrownBy(() -> new LocalObjectStore(file))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining(file.toString());
    }
}
