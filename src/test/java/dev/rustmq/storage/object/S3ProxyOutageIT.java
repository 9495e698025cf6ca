package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rustmq.storage.errors.ObjectStoreException;
import dev.rustmq.testing.S3ProxyServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that goes away gives retriable errors; when it comes back (same port, same data) it serves again. */
class S3ProxyOutageIT {
    @TempDir
    Path dir;
    private S3ProxyServer s3proxy;
    private S3ObjectStore store;

    @BeforeEach
    void start() throws Exception {
        s3proxy = S3ProxyServer.start(dir.resolve("s3proxy"));
        s3proxy.createBucket("outage");
        store = new S3ObjectStore(new S3Options("S3", "outage", "us-east-1", s3proxy.endpoint(),
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, 100L << 20, S3Options.DEFAULT_PART_SIZE));
    }

    @AfterEach
    void stop() {
        store.close();
        s3proxy.close();
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStoppedStoreGivesRetriableErrorsAndARestartedOneServesTheSameData() throws Exception {
        store.put("before", utf8("kept"));
        s3proxy.stop();

        for (Runnable call : new Runnable[] {() -> store.get("before"), () -> store.put("during", utf8("x")),
                () -> store.list(""), () -> store.delete("before"), () -> store.getRange("before", 0, 1)}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                assertThat(e.retriable()).isTrue();
                assertThat(e.throttled()).isFalse();
            }).hasMessageContaining(s3proxy.endpoint());
        }

        s3proxy.start();
        assertThat(StandardCharsets.UTF_8.decode(store.get("before")).toString()).isEqualTo("kept");
        store.put("after", utf8("new"));
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("after", "before");
    }

    @Test
    void aRetryingCallStartedDuringTheOutageCompletesOnceTheStoreIsBack() throws Exception {
        RetryingObjectStore retrying = new RetryingObjectStore(store, new RetryPolicy(1_000, 20, 200, 120_000), 4);
        s3proxy.stop();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> put = CompletableFuture.runAsync(() -> retrying.put("k", utf8("v")), caller);
            await().atMost(Duration.ofSeconds(30)).until(() -> retrying.retries() >= 2);
            assertThat(put).isNotDone();

            s3proxy.start();
            await().atMost(Duration.ofSeconds(60)).until(put::isDone);
            assertThat(put).isCompleted();
            assertThat(StandardCharsets.UTF_8.decode(store.get("k")).toString()).isEqualTo("v");
        } finally {
            caller.shutdownNow();
        }
    }
}
