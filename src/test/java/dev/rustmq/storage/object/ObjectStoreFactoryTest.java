package dev.rustmq.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import dev.rustmq.config.ObjectStorageConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the store by type, and refusing configs that cannot work with the key at fault named. */
class ObjectStoreFactoryTest {
    @TempDir
    Path dir;

    private static ObjectStorageConfig config(String type, String bucket, String endpoint, String access, String secret) {
        return new ObjectStorageConfig(type, bucket, "us-east-1", endpoint, access, secret, false, null, 100L << 20, 10);
    }

    @Test
    void localOpensTheFolderBehindRetries() {
        try (RetryingObjectStore store = ObjectStoreFactory.open(ObjectStorageConfig.local(dir.resolve("objects")))) {
            assertThat(store.delegate()).isInstanceOf(LocalObjectStore.class);
            assertThat(store.describe()).contains(dir.resolve("objects").toString());
            assertThat(store.writeLimit()).isEqualTo(10);
            store.put("k", ByteBuffer.wrap(new byte[] {7}));
            assertThat(dir.resolve("objects/k")).exists();
        }
    }

    @Test
    void s3AndGcsOpenS3StoresAndGcsDefaultsToGooglesEndpoint() {
        S3Options gcs = ObjectStoreFactory.s3Options(config("Gcs", "segments", "", "GOOG1EXAMPLE", "secret"));
        assertThat(gcs.endpoint()).isEqualTo("https://storage.googleapis.com");
        assertThat(gcs.where()).isEqualTo("Gcs bucket 'segments' at https://storage.googleapis.com");
        assertThat(gcs.toString()).doesNotContain("secret");

        // Building a client contacts nothing, so this needs no network.
        try (ObjectStore s3 = ObjectStoreFactory.openStore(config("S3", "b", "", "AKIA", "s"))) {
            assertThat(s3).isInstanceOf(S3ObjectStore.class);
            assertThat(s3.describe()).isEqualTo("S3 bucket 'b' at AWS region us-east-1");
        }
    }

    @Test
    void aMissingBucketIsNamed() {
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("S3", " ", "", "", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] bucket: a bucket is required when type is S3");
    }

    @Test
    void azureIsRefusedWithTheGatewayRoute() {
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("Azure", "c", "", "", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] type: \"Azure\" is not supported")
                .hasMessageContaining("S3-compatible gateway");
    }

    @Test
    void badEndpointsHalfCredentialsAndUnknownTypesAreNamed() {
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("S3", "b", "ftp://host", "", "")))
                .hasMessageStartingWith("Invalid value for [object_storage] endpoint");
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("S3", "b", "", "AKIA", "")))
                .hasMessageStartingWith("Invalid value for [object_storage] secret_key");
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("S3", "b", "", "", "s")))
                .hasMessageStartingWith("Invalid value for [object_storage] access_key");
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("Dropbox", "b", "", "", "")))
                .hasMessageStartingWith("Invalid value for [object_storage] type");
        assertThatThrownBy(() -> ObjectStoreFactory.open(config("Local", "", "", "", "")))
                .hasMessageStartingWith("Invalid value for [object_storage] path");
    }

    @Test
    void theRetryPolicyComesFromTheConfig() {
        ObjectStorageConfig c = new ObjectStorageConfig("Local", "", "us-east-1", "", "", "", false, dir, 100L << 20,
                3, 16L << 20, 5, 20, 400, 9_000, 0);
        assertThat(ObjectStoreFactory.retryPolicy(c)).isEqualTo(new RetryPolicy(5, 20, 400, 9_000));
        ObjectStorageConfig bad = new ObjectStorageConfig("Local", "", "us-east-1", "", "", "", false, dir, 100L << 20,
                3, 16L << 20, 5, 400, 20, 9_000, 0);
        assertThatThrownBy(() -> ObjectStoreFactory.open(bad))
                .hasMessageStartingWith("Invalid value for [object_storage] retry_max_delay_ms");
    }

    @Test
    void anUploadCapPutsABandwidthLimitUnderTheRetries() {
        ObjectStorageConfig capped = new ObjectStorageConfig("Local", "", "us-east-1", "", "", "", false, dir,
                100L << 20, 3, 16L << 20, 5, 20, 400, 9_000, 50L << 20);
        try (RetryingObjectStore store = ObjectStoreFactory.open(capped)) {
            assertThat(store.delegate()).isInstanceOf(BandwidthLimitedObjectStore.class);
            assertThat(store.describe()).contains(dir.toString());
        }
        try (RetryingObjectStore store = ObjectStoreFactory.open(ObjectStorageConfig.local(dir))) {
            assertThat(store.delegate()).isInstanceOf(LocalObjectStore.class);
        }
    }
}
