package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [object_storage] keys beyond the seed's, and what start-up refuses. */
class ObjectStorageConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsGiveALocalFolderAndTheDefaultRetryPolicy() {
        ObjectStorageConfig c = RustMqConfig.defaults(dir).objectStorage();
        assertThat(c.type()).isEqualTo("Local");
        assertThat(c.path()).isEqualTo(dir.toAbsolutePath().normalize().resolve("objects"));
        assertThat(c.multipartPartSize()).isEqualTo(16L << 20);
        assertThat(c.retryMaxAttempts()).isEqualTo(10);
        assertThat(c.retryBaseDelayMs()).isEqualTo(100);
        assertThat(c.retryMaxDelayMs()).isEqualTo(10_000);
        assertThat(c.retryTimeoutMs()).isEqualTo(300_000);
        assertThat(c.maxUploadBytesPerSec()).isZero();
    }

    @Test
    void retryAndPartSizeKeysAreRead() {
        ObjectStorageConfig c = ConfigFiles.build(dir, """
                [object_storage]
                type = "S3"
                bucket = "b"
                endpoint = "http://127.0.0.1:9000"
                multipart_part_size = 8388608
                retry_max_attempts = 3
                retry_base_delay_ms = 50
                retry_max_delay_ms = 2000
                retry_timeout_ms = 60000
                max_upload_bytes_per_sec = 104857600
                """).objectStorage();
        assertThat(c.multipartPartSize()).isEqualTo(8L << 20);
        assertThat(c.retryMaxAttempts()).isEqualTo(3);
        assertThat(c.retryBaseDelayMs()).isEqualTo(50);
        assertThat(c.retryMaxDelayMs()).isEqualTo(2_000);
        assertThat(c.retryTimeoutMs()).isEqualTo(60_000);
        assertThat(c.maxUploadBytesPerSec()).isEqualTo(100L << 20);
    }

    @Test
    void azureStopsStartUpNamingTheKeyAndTheGatewayRoute() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[object_storage]\ntype = \"Azure\"\nbucket = \"c\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] type (from " + dir.resolve("test.toml")
                        + " line 2)")
                .hasMessageContaining("S3-compatible gateway")
                .hasMessageContaining("docs/object-storage.md");
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> ConfigFiles.build(dir,
                "[object_storage]\ntype = \"S3\"\nbucket = \"b\"\nendpoint = \"minio:9000\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] endpoint")
                .hasMessageContaining("not an http:// or https:// URL");
    }

    @Test
    void theMaximumDelayCannotBeBelowTheBaseDelay() {
        assertThatThrownBy(() -> ConfigFiles.build(dir,
                "[object_storage]\nretry_base_delay_ms = 500\nretry_max_delay_ms = 100\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] retry_max_delay_ms")
                .hasMessageContaining("retry_base_delay_ms (500)");
    }

    @Test
    void aPartBelowFiveMibIsOutOfRange() {
        assertThatThrownBy(() -> ConfigFiles.build(dir, "[object_storage]\nmultipart_part_size = 1024\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for [object_storage] multipart_part_size");
    }
}
