package dev.rustmq.config;

import java.nio.file.Path;

/**
 * {@code [object_storage]}: where sealed segments go. Keys are empty strings when not set.
 *
 * @param multipartPartSize bytes per part of a multipart upload
 * @param retryMaxAttempts  tries of one store call before a retriable error is given up (throttling does not count)
 * @param retryBaseDelayMs  first back-off ceiling, doubled per failure
 * @param retryMaxDelayMs   largest back-off ceiling
 * @param retryTimeoutMs    a store call stops retrying after this long, throttled or not
 * @param maxUploadBytesPerSec average upload rate cap of the node's uploads together; 0 for none
 * @param retentionCheckIntervalMs how often retention deletes expired segments and unused objects are swept
 */
public record ObjectStorageConfig(String type, String bucket, String region, String endpoint, String accessKey,
                                  String secretKey, boolean pathStyle, Path path, long multipartThreshold,
                                  int maxConcurrentUploads, long multipartPartSize, int retryMaxAttempts,
                                  long retryBaseDelayMs, long retryMaxDelayMs, long retryTimeoutMs,
                                  long maxUploadBytesPerSec, long retentionCheckIntervalMs) {
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** Kafka's {@code log.retention.check.interval.ms} default: five minutes. */
    public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 300_000;

    /** Everything but the retention check interval, which takes its default. */
    public ObjectStorageConfig(String type, String bucket, String region, String endpoint, String accessKey,
                               String secretKey, boolean pathStyle, Path path, long multipartThreshold,
                               int maxConcurrentUploads, long multipartPartSize, int retryMaxAttempts,
                               long retryBaseDelayMs, long retryMaxDelayMs, long retryTimeoutMs,
                               long maxUploadBytesPerSec) {
        this(type, bucket, region, endpoint, accessKey, secretKey, pathStyle, path, multipartThreshold,
                maxConcurrentUploads, multipartPartSize, retryMaxAttempts, retryBaseDelayMs, retryMaxDelayMs,
                retryTimeoutMs, maxUploadBytesPerSec, DEFAULT_RETENTION_CHECK_INTERVAL_MS);
    }

    /** The seed's keys only; the rest at their defaults. */
    public ObjectStorageConfig(String type, String bucket, String region, String endpoint, String accessKey,
                               String secretKey, boolean pathStyle, Path path, long multipartThreshold,
                               int maxConcurrentUploads) {
        this(type, bucket, region, endpoint, accessKey, secretKey, pathStyle, path, multipartThreshold,
                maxConcurrentUploads, DEFAULT_PART_SIZE, 10, 100, 10_000, 300_000, 0);
    }

    /** The embedded default: a local folder. */
    public static ObjectStorageConfig local(Path path) {
        return new ObjectStorageConfig("Local", "", "us-east-1", "", "", "", false, path, 100L << 20, 10);
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "ObjectStorageConfig[type=" + type + ", bucket=" + bucket + ", region=" + region + ", endpoint="
                + endpoint + ", pathStyle=" + pathStyle + ", path=" + path + "]";
    }
}
