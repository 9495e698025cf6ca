package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rustmq.config.ObjectStorageConfig;
import dev.rustmq.storage.errors.ObjectStoreException;
import dev.rustmq.testing.S3ProxyServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against a real S3 API: S3Proxy in its own process on 127.0.0.1. */
class S3ObjectStoreIT extends ObjectStoreContract {
    private static final long MIB = 1 << 20;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path dir;
    static S3ProxyServer s3proxy;
    private String bucket;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3proxy = S3ProxyServer.start(dir.resolve("s3proxy"));
    }

    @AfterAll
    static void stopS3Proxy() {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    /** Objects above 5 MiB go up in 5 MiB parts. */
    private S3Options options(String bucket, String secret) {
        return new S3Options("S3", bucket, "us-east-1", s3proxy.endpoint(), S3ProxyServer.ACCESS_KEY, secret, true,
                5 * MIB, 5 * MIB);
    }

    @Override
    protected ObjectStore newStore() {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        s3proxy.createBucket(bucket);
        return new S3ObjectStore(options(bucket, S3ProxyServer.SECRET_KEY));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void objectsAboveTheThresholdGoUpInPartsAndReadBackInRanges() {
        byte[] data = random((int) (12 * MIB), 3);
        store.put("topics/t/0/big.seg", ByteBuffer.wrap(data));

        try (S3Client s3 = s3proxy.client()) {
            // S3's multipart ETag is "<md5 of part md5s>-<parts>": 5 + 5 + 2 MiB.
            assertThat(s3.headObject(r -> r.bucket(bucket).key("topics/t/0/big.seg")).eTag()).endsWith("-3\"");
        }
        assertThat(bytes(store.get("topics/t/0/big.seg"))).isEqualTo(data);
        int across = (int) (5 * MIB) - 10;
        assertThat(bytes(store.getRange("topics/t/0/big.seg", across, 20)))
                .isEqualTo(Arrays.copyOfRange(data, across, across + 20));
        assertThat(store.list("topics/")).containsExactly(new ObjectInfo("topics/t/0/big.seg", data.length));
    }

    @Test
    void aFailedPartAbortsTheUploadAndLeavesNoObject() {
        S3Options options = options(bucket, S3ProxyServer.SECRET_KEY);
        PartFailingS3Client failing = new PartFailingS3Client(S3Clients.create(options), 2);
        try (S3ObjectStore broken = new S3ObjectStore(options, failing, S3ObjectStore.LIST_PAGE_SIZE)) {
            assertThatThrownBy(() -> broken.put("half", ByteBuffer.wrap(random((int) (11 * MIB), 5))))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.retriable()).isTrue();
                        assertThat(e.throttled()).isFalse();
                    })
                    .hasMessageContaining("injected at part 2");
        }
        assertThat(failing.partsUploaded).hasValue(1);
        assertThat(failing.aborts).hasValue(1);
        assertThat(store.list("")).isEmpty();
        try (S3Client s3 = s3proxy.client()) {
            assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
        }
    }

    @Test
    void listingFollowsContinuationPages() {
        try (S3ObjectStore paged = new S3ObjectStore(options(bucket, S3ProxyServer.SECRET_KEY),
                S3Clients.create(options(bucket, S3ProxyServer.SECRET_KEY)), 2)) {
            for (int i = 4; i >= 0; i--) {
                paged.put("p/" + i, ByteBuffer.wrap(new byte[i]));
            }
            assertThat(paged.list("p/")).extracting(ObjectInfo::key).containsExactly("p/0", "p/1", "p/2", "p/3", "p/4");
            assertThat(paged.list("p/")).extracting(ObjectInfo::size).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aMissingBucketIsPermanentAndNamed() {
        try (S3ObjectStore nowhere = new S3ObjectStore(options("no-such-bucket", S3ProxyServer.SECRET_KEY))) {
            assertThatThrownBy(() -> nowhere.put("k", ByteBuffer.allocate(1)))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("bucket 'no-such-bucket' at " + s3proxy.endpoint())
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void refusedCredentialsArePermanentAndSaySoWithoutTheSecret() {
        try (S3ObjectStore wrong = new S3ObjectStore(options(bucket, "not-the-secret"))) {
            assertThatThrownBy(() -> wrong.get("k"))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("bucket '" + bucket + "' at " + s3proxy.endpoint())
                    .hasMessageContaining("access_key")
                    .hasMessageNotContaining("not-the-secret");
            // The SDK itself does not retry what the store answered: RetryingObjectStore decides.
            ObjectStoreException e = catchThrowableOfType(ObjectStoreException.class, () -> wrong.get("k"));
            assertThat(e.getCause()).hasMessageContaining("SDK Attempt Count: 1");
        }
    }

    @Test
    void aPooledConnectionTheServerClosedAfterAnErrorIsReplacedWithoutAFailure() {
        // S3Proxy closes the connection after some error responses while the JDK pools it; the next
        // request on it would fail writing its body if the client did not retry it once on a new one.
        store.put("r", ByteBuffer.allocate(10));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> store.get("missing")).isInstanceOf(dev.rustmq.storage.errors.ObjectNotFoundException.class);
            store.put("after-error", ByteBuffer.allocate(0));
            assertThatThrownBy(() -> store.getRange("missing", 0, 0))
                    .isInstanceOf(dev.rustmq.storage.errors.ObjectNotFoundException.class);
            store.put("after-head", ByteBuffer.wrap(new byte[3]));
        }
        assertThat(store.list("after-")).hasSize(2);
    }

    @Test
    void theFactoryOpensAWorkingRetryingStoreFromConfig() {
        ObjectStorageConfig config = new ObjectStorageConfig("S3", bucket, "us-east-1", s3proxy.endpoint(),
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, null, 100 * MIB, 4);
        try (RetryingObjectStore opened = ObjectStoreFactory.open(config)) {
            opened.put("topics/f/0/0-0-0.seg", ByteBuffer.wrap("from config".getBytes(StandardCharsets.UTF_8)));
            assertThat(StandardCharsets.UTF_8.decode(store.get("topics/f/0/0-0-0.seg")).toString())
                    .isEqualTo("from config");
            assertThat(opened.writeLimit()).isEqualTo(4);
            assertThat(opened.describe()).contains(bucket, s3proxy.endpoint(), "path-style")
                    .doesNotContain(S3ProxyServer.SECRET_KEY);
        }
    }
}
