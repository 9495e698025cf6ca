package dev.rustmq.bench;

import dev.rustmq.config.ConfigException;
import dev.rustmq.config.ObjectStorageConfig;
import dev.rustmq.storage.object.ObjectStore;
import dev.rustmq.storage.object.ObjectStoreFactory;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code [object_storage]} settings as flags, shared by the benchmarks that open a store. */
final class ObjectStoreFlags {
    @Option(names = "--type", defaultValue = "S3", description = "S3, Gcs or Local (as [object_storage] type).")
    String type;
    @Option(names = "--endpoint", defaultValue = "", description = "S3-compatible endpoint URL; empty for AWS.")
    String endpoint;
    @Option(names = "--bucket", defaultValue = "")
    String bucket;
    @Option(names = "--region", defaultValue = "us-east-1")
    String region;
    @Option(names = "--path-style", description = "Path-style URLs (MinIO, S3Proxy, most S3-compatible stores).")
    boolean pathStyle;
    @Option(names = "--access-key", defaultValue = "", description = "With --secret-key; else the default credential chain.")
    String accessKey;
    @Option(names = "--secret-key", defaultValue = "")
    String secretKey;
    @Option(names = "--path", description = "The folder, for --type Local.")
    Path path;
    @Option(names = "--multipart-threshold", defaultValue = "104857600")
    long multipartThreshold;
    @Option(names = "--part-size", defaultValue = "16777216")
    long partSize;
    @Option(names = "--max-upload-bytes-per-sec", defaultValue = "0",
            description = "Upload rate cap, as [object_storage] max_upload_bytes_per_sec (0: none).")
    long maxUploadBytesPerSec;
    @Option(names = "--retry-max-attempts", defaultValue = "10",
            description = "Tries per call on errors, as [object_storage] retry_max_attempts.")
    int retryMaxAttempts;

    ObjectStorageConfig config(int concurrency) {
        return new ObjectStorageConfig(type, bucket, region, endpoint, accessKey, secretKey, pathStyle,
                path == null ? null : path.toAbsolutePath(), multipartThreshold, concurrency, partSize,
                retryMaxAttempts, 100, 10_000, 300_000, maxUploadBytesPerSec);
    }

    /** Opens the store as the broker would (retries, bandwidth cap); a bad setting names its flag. */
    ObjectStore open(CommandSpec spec, int concurrency) {
        try {
            return ObjectStoreFactory.open(config(concurrency));
        } catch (ConfigException e) {
            // Name the flag, not the config key.
            throw new ParameterException(spec.commandLine(), e.getMessage()
                    .replace("Invalid value for [object_storage] ", "--").replace('_', '-'));
        }
    }
}
